import type { StoreData } from '../model.js';
import type { ExportReport, ExportScope } from '../../contract.js';
import { DossierError } from '../errors.js';

/** Writes notes as markdown files with YAML front matter. (Being implemented.) */
export async function exportNotes(_data: StoreData, _scope: ExportScope, _dir: string): Promise<ExportReport> {
  throw new DossierError('INTERNAL', 'Export is not implemented yet.');
}
