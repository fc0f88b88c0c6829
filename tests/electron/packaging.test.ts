import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

// The packaging config flips the Electron fuses. The option names are checked against the schema
// electron-builder itself ships, so a misspelt fuse fails here instead of being ignored by the build.

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

type Schema = {
  definitions: Record<string, { properties?: Record<string, unknown> }>;
  properties?: Record<string, unknown>;
};

describe('electron-builder.yml', () => {
  it('sets the security fuses, with names electron-builder knows', async () => {
    const config = parse(await readFile(path.join(repo, 'electron-builder.yml'), 'utf8')) as {
      electronFuses?: Record<string, boolean>;
      asar?: boolean;
    };
    expect(config.asar).toBe(true);
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
      enableCookieEncryption: true,
    });
    const schemaFile = path.join(repo, 'node_modules', 'app-builder-lib', 'scheme.json');
    const schema = JSON.parse(await readFile(schemaFile, 'utf8')) as Schema;
    const known = Object.keys(schema.definitions.FuseOptionsV1?.properties ?? {});
    for (const key of Object.keys(config.electronFuses ?? {})) expect(known, key).toContain(key);
    const topLevel = JSON.stringify(schema.definitions.Configuration?.properties ?? schema.properties ?? {});
    expect(topLevel).toContain('FuseOptionsV1');
  });
});
