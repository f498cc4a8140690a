import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { AppError } from '../../platform/errors';

/** A font file that can draw Chinese, with the face name inside a collection (.ttc). */
export interface CjkFont {
  path: string;
  /** PostScript name of the face inside a .ttc; undefined for a single-face file. */
  family?: string;
}

/** Debian's CJK fonts (fonts-noto-cjk, fonts-wqy-microhei, fonts-wqy-zenhei), simplified-Chinese faces first. */
const KNOWN: CjkFont[] = [
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', family: 'NotoSerifCJKsc-Regular' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYiMicroHei' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', family: 'WenQuanYiZenHei' },
];

let found: CjkFont | null | undefined;

/** Asks fontconfig for any font covering Chinese (single-face files only: a .ttc needs its face name). */
function fromFontconfig(): CjkFont | null {
  let out = '';
  try {
    out = execFileSync('fc-list', [':lang=zh', 'file'], { encoding: 'utf8', timeout: 5000 });
  } catch (err) {
    // No fontconfig on this machine: the known paths were the only chance.
    void err;
    return null;
  }
  const file = out.split('\n').map((l) => l.replace(/:\s*$/, '').trim()).find((l) => /\.(ttf|otf)$/i.test(l));
  return file ? { path: file } : null;
}

/**
 * The CJK font the PDF forms are printed with. Throws a clear 503 naming the package to install
 * when the machine has none (a PDF of a Chinese form without it would print empty boxes).
 */
export function cjkFont(): CjkFont {
  if (found === undefined) found = KNOWN.find((f) => existsSync(f.path)) ?? fromFontconfig();
  if (!found) {
    throw new AppError('unavailable', 'No CJK font is installed, so the permit PDF cannot be printed: install fonts-noto-cjk (apt-get install -y fonts-noto-cjk)');
  }
  return found;
}
