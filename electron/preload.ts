import { contextBridge, ipcRenderer } from 'electron';
import { callNames } from './contract/index.js';

// One named method per contract entry; ipcRenderer itself is never exposed.
const api = Object.fromEntries(
  callNames.map((name) => [name, (input: unknown) => ipcRenderer.invoke(`dossier:${name}`, input)]),
);

contextBridge.exposeInMainWorld('dossier', {
  api,
  pickFolder: (): Promise<string | null> => ipcRenderer.invoke('dossier-shell:pickFolder'),
  printToPdf: (title: string): Promise<string | null> =>
    ipcRenderer.invoke('dossier-shell:printToPdf', title),
  attachBytes: (name: string, bytes: ArrayBuffer): Promise<unknown> =>
    ipcRenderer.invoke('dossier-shell:attachBytes', { name, bytes }),
  openAttachment: (id: string): Promise<boolean> => ipcRenderer.invoke('dossier-shell:openAttachment', id),
  pickSavePath: (name: string): Promise<string | null> =>
    ipcRenderer.invoke('dossier-shell:pickSavePath', name),
});
