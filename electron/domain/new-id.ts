import { customAlphabet } from 'nanoid';

/**
 * Ids for notes, topics and saved searches: 12 letters and digits (~71 bits).
 * nanoid's default alphabet has '-' and '_', so 1 id in 64 started with '-', which a command line
 * (`dossier attach <note-id> …`) reads as an option; letters and digits are also safe in file names and URLs.
 * Ids made before this (with '-' or '_') stay valid everywhere.
 */
export const ID_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const newId: () => string = customAlphabet(ID_ALPHABET, 12);
