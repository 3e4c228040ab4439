import { passThrough, type ToxicType } from '../stream/stage.js';

/** Passes data through untouched; useful to test that toxics can be added at all. */
export const noopToxic: ToxicType = {
  type: 'noop',
  attributes: [],
  create: (_attributes, context) => passThrough(context),
};
