-- A work restriction either blocks new applications in its scope ('block') or raises the level
-- new applications there are managed at ('raise_level': a wind warning at force 5 raises outdoor
-- hot work one level, GB 30871 5.2.15). `beaufort` is the wind force the raise stands for, when
-- the warning states or implies one.
ALTER TABLE work_restrictions ADD COLUMN effect text NOT NULL DEFAULT 'block' CHECK (effect IN ('block', 'raise_level'));
ALTER TABLE work_restrictions ADD COLUMN beaufort integer CHECK (beaufort BETWEEN 0 AND 17);
