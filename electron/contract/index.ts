import type { Result } from '../domain/errors.js';
import { appCalls } from './app.js';
import { attachmentsCalls } from './attachments.js';
import { backupsCalls } from './backups.js';
import { exportCalls } from './export.js';
import { importCalls } from './import.js';
import { linksCalls } from './links.js';
import { markingsCalls } from './markings.js';
import { notesCalls } from './notes.js';
import { propertiesCalls } from './properties.js';
import { protectionCalls } from './protection.js';
import { revisionsCalls } from './revisions.js';
import { savedSearchesCalls } from './saved-searches.js';
import { searchCalls } from './search.js';
import { tagsCalls } from './tags.js';
import { templatesCalls } from './templates.js';
import { topicsCalls } from './topics.js';
import { trashCalls } from './trash.js';
import { undoCalls } from './undo.js';
import type { z } from 'zod';

export type * from './app.js';
export type * from './attachments.js';
export type * from './backups.js';
export type * from './export.js';
export type * from './import.js';
export type * from './links.js';
export type * from './markings.js';
export type * from './notes.js';
export type * from './properties.js';
export type * from './protection.js';
export type * from './revisions.js';
export type * from './search.js';
export type * from './tags.js';
export type * from './templates.js';
export type * from './topics.js';
export type * from './undo.js';
export type { Undoable } from './shared.js';
export type { Note, SavedSearch, Topic, TopicStatus } from '../domain/model.js';
export type { ErrorPayload, Result } from '../domain/errors.js';
export type { BackupInfo, DiffPart, RevisionList } from '../domain/records.js';
export { noteFilterSchema, noteSortSchema } from './search.js';
export { exportFormatSchema, exportScopeSchema } from './export.js';
export { propertyChangeSchema } from './properties.js';
export { secretSchema } from './protection.js';

/**
 * Every call across the process boundary, defined once: name → zod input schema → result type, one module per
 * domain (electron/contract/<domain>.ts). Main (IPC), preload, the browser-mode server, the CLI and the
 * renderer client all derive from this map.
 */
export const contract = {
  ...appCalls,
  ...topicsCalls,
  ...searchCalls,
  ...notesCalls,
  ...propertiesCalls,
  ...templatesCalls,
  ...linksCalls,
  ...tagsCalls,
  ...exportCalls,
  ...markingsCalls,
  ...importCalls,
  ...undoCalls,
  ...savedSearchesCalls,
  ...trashCalls,
  ...backupsCalls,
  ...revisionsCalls,
  ...attachmentsCalls,
  ...protectionCalls,
} as const;

export type Contract = typeof contract;
export type CallName = keyof Contract;
export type CallInput<K extends CallName> = z.infer<Contract[K]['input']>;
export type CallResult<K extends CallName> = Contract[K]['result'];

/** The full API surface as one object type: used by handlers (Node side) and the client (renderer side). */
export type DossierApi = { [K in CallName]: (input: CallInput<K>) => Promise<CallResult<K>> };

/** What a transport returns for a call: the boundary never throws. */
export type CallOutcome<K extends CallName> = Result<CallResult<K>>;

export const callNames = Object.keys(contract) as CallName[];

/** Type guard for names arriving from outside (IPC channel suffix, URL path, CLI). */
export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}
