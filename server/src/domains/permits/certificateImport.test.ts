import { checkCertificateInputs, parseCertificateCsv } from './certificateImport';
import { remindToday } from './permitJobs';

describe('certificate CSV', () => {
  it('reads English or Chinese headers, quotes and a BOM', () => {
    const csv = '\uFEFF持证人,证书类型,证书编号,发证日期,有效期至,复审日期,发证机关\r\nzhangwei,special_op_welding,"T32,01",2024-01-10,2030-01-09,2027-01-10,"南京市""应急管理局"""\r\n\r\n';
    const r = parseCertificateCsv(csv);
    expect(r.problems).toEqual([]);
    expect(r.records).toEqual([{ holder: 'zhangwei', type: 'special_op_welding', number: 'T32,01', issuedOn: '2024-01-10', expiresOn: '2030-01-09', nextReviewOn: '2027-01-10', issuer: '南京市"应急管理局"' }]);
    expect(r.lines).toEqual([2]);
  });

  it('names a missing column', () => {
    expect(parseCertificateCsv('holder,type,number\nx,y,z').problems.map((p) => p.field)).toEqual(['issuedOn', 'expiresOn']);
  });
});

describe('checkCertificateInputs', () => {
  const ok = { holder: 'xulin', type: 'guardian_training', number: 'JH-1', issuedOn: '2025-01-01', expiresOn: '2028-01-01' };
  it.each([
    ['unknown type', { ...ok, type: 'forklift' }, 'type'],
    ['unreal date', { ...ok, expiresOn: '2028-02-30' }, 'expiresOn'],
    ['expiry before issue', { ...ok, expiresOn: '2024-12-31' }, 'expiresOn'],
    ['no number', { ...ok, number: '' }, 'number'],
  ])('%s', (_name, rec, field) => {
    expect(checkCertificateInputs([rec]).map((p) => p.field)).toEqual([field]);
  });
  it('finds duplicates inside one import and reports file line numbers', () => {
    expect(checkCertificateInputs([ok, ok], [2, 3])).toEqual([{ line: 3, field: 'number', code: 'duplicate' }]);
  });
});

describe('certificate reminder days', () => {
  it.each([[90, true], [89, false], [30, true], [7, true], [1, true], [0, true], [-1, false], [-7, true], [-14, true]])('%p days left → %p', (days, yes) => {
    expect(remindToday(days)).toBe(yes);
  });
});
