import type { SampleUseCases } from './use-cases.js';

/** sample.load. */
export function sampleHandlers(core: SampleUseCases) {
  return { 'sample.load': () => core.loadSample() };
}
