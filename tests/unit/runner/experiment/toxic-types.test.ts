import { describe, expect, it } from 'vitest';
import { toxicTypes } from '../../../../src/proxy/toxics/registry.js';
import { TOXIC_TYPES, toxicNameOf } from '../../../../src/runner/experiment/toxic-types.js';

/**
 * The runner may not import the proxy (it talks to any Toxiproxy over HTTP), so the experiment
 * loader restates the toxic table; this test keeps the copy equal to the proxy's registry.
 */
describe('the toxic table of the experiment loader', () => {
  it("lists exactly the proxy's toxic types", () => {
    expect(Object.keys(TOXIC_TYPES).sort()).toEqual([...toxicTypes.keys()].sort());
  });

  it.each([...toxicTypes.values()].map((type) => [type.type, type]))('gives %s the same attributes, units and minimums', (name, type) => {
    expect(TOXIC_TYPES[name as keyof typeof TOXIC_TYPES]).toEqual(type.attributes.map(({ name: attribute, unit, min }) => ({ name: attribute, unit, min })));
  });

  it('names a fault’s toxic faultline-<fault name>', () => {
    expect(toxicNameOf('slow-payments')).toBe('faultline-slow-payments');
  });
});
