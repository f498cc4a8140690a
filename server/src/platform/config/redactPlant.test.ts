import { join } from 'node:path';
import { loadPlantFile } from './loadPlantFile';
import { maskPhone, redactPlant } from './redactPlant';

describe('maskPhone', () => {
  it.each([
    ['13812341234', '138****1234'],
    ['+86 138 1234 1234', '138****1234'],
    ['025-5288-6666', '*******6666'],
    ['123', '****'],
  ])('%s → %s', (input, masked) => {
    expect(maskPhone(input)).toBe(masked);
  });
});

describe('redactPlant', () => {
  const plant = loadPlantFile(join(__dirname, '..', '..', '..', 'plants', 'demo-plant.yaml'));

  it('masks phones, shows secret references by env name only, and leaves the input alone', () => {
    const red = redactPlant(plant);
    const zhang = red.people.find((p) => p.key === 'zhangwei')!;
    expect(zhang.phone).toBe('138****1234');
    expect(plant.people.find((p) => p.key === 'zhangwei')!.phone).toBe('13812341234');
    expect(red.groups.find((g) => g.key === 'plant_safety_dingtalk')).toMatchObject({
      robotKeyRef: 'DINGTALK_ROBOT_TOKEN_PLANT',
      robotSecretRef: 'DINGTALK_ROBOT_SECRET_PLANT',
    });
    expect(JSON.stringify(red)).not.toMatch(/1381234|1390000|1360000/);
  });

  it('hides a reference that is not an env var name (a pasted secret)', () => {
    const tampered = { ...plant, groups: [{ ...plant.groups[5], robotKeyRef: '693a91f6-7a1b-4bc4-97a0-0ec2f1fa5aaa' }] };
    expect(redactPlant(tampered).groups[0].robotKeyRef).toBe('[redacted]');
  });
});
