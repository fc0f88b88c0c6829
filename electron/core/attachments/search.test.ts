import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openApp, type OpenedApp } from '../../shell/open-app.js';
import { makePdf, makePng } from '../../../bench/fixtures/files.js';

// file: and in:files against real PDFs (pdf.js text layer) and text files, on both search paths.

let dir: string;
let app: OpenedApp;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-fsearch-'));
  await mkdir(path.join(dir, 'in'));
  app = await openApp(path.join(dir, 'data'), 'browser', { index: false });
});
afterEach(async () => {
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

async function attach(name: string, bytes: Uint8Array | string) {
  const p = path.join(dir, 'in', name);
  await writeFile(p, bytes);
  return app.core.attach(p);
}

const titles = (text: string) =>
  app.core
    .listNotes({ text })
    .items.map((n) => n.title)
    .sort();

describe('searching attachments', () => {
  it('finds notes by attachment name, PDF text and plain-text files, with the passage as snippet', async () => {
    const report = await attach(
      'Test report 2026.pdf',
      makePdf([
        ['Seeker trial summary', 'No anomalies'],
        ['Page two', 'Interceptor radar cross section measured at 42 dBsm'],
      ]),
    );
    const csv = await attach('trial-data.csv', 'run,comment\n1,telemetry dropout at apogee\n');
    const photo = await attach('whiteboard.png', makePng(4, 4, 1));
    await app.core.createNote({ title: 'Minutes', body: `See ${report.markdown}` });
    await app.core.createNote({ title: 'Data', body: csv.markdown });
    await app.core.createNote({ title: 'Photo', body: photo.markdown });
    await app.core.createNote({ title: 'Plain', body: 'radar without files, telemetry too' });
    await app.core.attachmentsIdle();
    await app.core.startIndexing();

    expect(titles('file:report')).toEqual(['Minutes']);
    expect(titles('file:"test rep"')).toEqual(['Minutes']);
    expect(titles('file:whiteboard')).toEqual(['Photo']);
    expect(titles('in:files radar')).toEqual(['Minutes']);
    expect(titles('in:files "cross section"')).toEqual(['Minutes']);
    expect(titles('in:files telemetry')).toEqual(['Data']);
    expect(titles('in:files radar OR telemetry')).toEqual(['Data', 'Minutes']);
    expect(titles('radar')).toEqual(['Plain']); // without in:files words search the notes
    expect(titles('in:files whiteboard')).toEqual([]); // images have no text
    const hit = app.core.listNotes({ text: 'in:files interceptor' }).items[0]!;
    expect(hit.snippet).toMatch(/^📎 Test report 2026\.pdf — p\. 2: .*Interceptor radar/);
    expect(app.core.attachmentText(report.attachment.id)).toMatchObject({ status: 'done', pages: 2 });
  });

  it('answers the same before the index is ready (scan path) and after a reopen (cached text)', async () => {
    const pdf = await attach('mou.pdf', makePdf([['Memorandum of understanding', 'Fraunhofer partner']]));
    await app.core.createNote({ title: 'MoU', body: pdf.markdown });
    await app.core.attachmentsIdle();
    expect(app.core.index.ready).toBe(false);
    expect(titles('in:files fraunhofer')).toEqual(['MoU']);
    expect(titles('file:mou')).toEqual(['MoU']);
    await app.close();
    app = await openApp(path.join(dir, 'data'), 'browser');
    await app.core.attachmentsIdle();
    expect(app.core.fileText.stats.pages).toBe(0); // read back from attachments/.text, not extracted again
    await app.core.startIndexing();
    expect(titles('in:files memorandum')).toEqual(['MoU']);
  });
});
