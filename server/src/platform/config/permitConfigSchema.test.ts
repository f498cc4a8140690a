import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { parsePlantText } from './loadPlantFile';
import { PlantConfigError } from './plantConfigError';

const demoText = readFileSync(join(__dirname, '..', '..', '..', 'plants', 'demo-plant.yaml'), 'utf8');
const demo = (): any => parse(demoText);

function problemsOf(data: unknown): string {
  try {
    parsePlantText(stringify(data), 'bad.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(PlantConfigError);
    return (err as Error).message;
  }
  throw new Error('expected the plant file to be rejected');
}

describe('the permits section of a plant file', () => {
  it('accepts the demo plant: role mapping, a tighter HOT L2 chain, a logged loosening of remote approval', () => {
    const plant = parsePlantText(demoText, 'demo-plant.yaml');
    expect(plant.permits?.roleMap?.unit_head).toEqual(['workshop_director']);
    expect(plant.permits?.expiryReminderMinutes).toBe(60);
  });

  it('is optional', () => {
    const data = demo();
    delete data.permits;
    expect(parsePlantText(stringify(data), 'ok.yaml').permits).toBeUndefined();
  });

  it('refuses a loosening without loosen/reason/approvedBy, at the path of the value', () => {
    const data = demo();
    data.permits.overrides.types.HOT.levels.L2.remoteApprovalAllowed = true;
    data.permits.overrides.types.HOT.levels.L1 = { maxValidityH: 12 };
    const msg = problemsOf(data);
    expect(msg).toContain('permits.overrides.types.HOT.levels.L2.remoteApprovalAllowed');
    expect(msg).toContain('loosens the national standard');
    expect(msg).toContain('permits.overrides.types.HOT.levels.L1.maxValidityH');
  });

  it('refuses a loosening that names no approver', () => {
    const data = demo();
    delete data.permits.overrides.types.HOT.levels.L2.remoteApprovalAllowed.approvedBy;
    expect(problemsOf(data)).toMatch(/remoteApprovalAllowed.*lacks: approvedBy/);
  });

  it('refuses unknown keys and a chain that drops a national step', () => {
    const data = demo();
    data.permits.overrides.types.HOT.levels.L2.approvals.pop();
    data.permits.overrides.types.HOT.colour = 'red';
    const msg = problemsOf(data);
    expect(msg).toContain('permits.overrides.types.HOT.levels.L2.approvals');
    expect(msg).toContain('permits.overrides.types.HOT.colour');
  });

  it('refuses a role the plant does not have, and asks for a mapping of unmapped standard roles', () => {
    const data = demo();
    data.permits.roleMap.water_dept = ['foreman'];
    delete data.permits.roleMap.fire_dept;
    const msg = problemsOf(data);
    expect(msg).toContain("permits.roleMap.water_dept[0]: unknown role 'foreman'");
    expect(msg).toContain("permits.roleMap.fire_dept: the permit policy needs role 'fire_dept'");
  });
});
