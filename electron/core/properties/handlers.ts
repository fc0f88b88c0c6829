import type { PropertyChange } from './edit.js';
import type { PropertiesUseCases } from './use-cases.js';

/** notes.setProperties and properties.keys. */
export function propertiesHandlers(core: PropertiesUseCases) {
  return {
    'notes.setProperties': (i: { id: string; changes: PropertyChange[]; baseVersion?: number }) =>
      core.setProperties(i.id, i.changes, i.baseVersion),
    'properties.keys': async () => core.propertyKeys(),
  };
}
