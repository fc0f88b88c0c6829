// A stand-in for the `electron` module, for loading the built main.js under plain Node. It does
// nothing but record what main.js asks of it, so a test can check the shell's wiring without a binary.
import { EventEmitter } from 'node:events';

/** Everything main.js asked for, in the order it asked. */
export const record = {
  privilegedSchemes: [],
  sandboxEnabled: false,
  singleInstanceLockRequested: false,
  ipcHandlers: new Map(),
  duplicateHandlers: [],
  protocolHandlers: new Map(),
  permissionRequestHandler: null,
  permissionCheckHandler: null,
  onHeadersReceived: null,
  windows: [],
  contents: [],
  openExternal: [],
  openedPaths: [],
  dialogs: [],
  quitCalls: 0,
  exitCalls: [],
};

/** A DOM-like event whose preventDefault is observable. */
export function makeEvent(extra = {}) {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
    ...extra,
  };
}

let resolveReady;
const ready = new Promise((r) => (resolveReady = r));

class App extends EventEmitter {
  requestSingleInstanceLock() {
    record.singleInstanceLockRequested = true;
    return process.env.STUB_SECOND_INSTANCE !== '1';
  }
  whenReady() {
    return ready;
  }
  /** test control: Electron finished starting */
  stubReady() {
    resolveReady();
  }
  enableSandbox() {
    record.sandboxEnabled = true;
  }
  quit() {
    record.quitCalls += 1;
    // As Electron does: quit() emits before-quit, and stops if a handler prevents it.
    const e = makeEvent();
    this.emit('before-quit', e);
    if (!e.defaultPrevented) this.emit('will-quit', makeEvent());
  }
  exit(code) {
    record.exitCalls.push(code);
  }
  getPath() {
    return process.env.DOSSIER_DATA_DIR ?? '/tmp';
  }
}
export const app = new App();

let nextContentsId = 1;

export class WebContents extends EventEmitter {
  constructor() {
    super();
    this.id = nextContentsId++;
    this.windowOpenHandler = null;
    this.mainFrame = { url: '', parent: null };
    record.contents.push(this);
  }
  setWindowOpenHandler(handler) {
    this.windowOpenHandler = handler;
  }
}

export class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.loadedUrl = null;
    this.minimized = false;
    this.focusCalls = 0;
    this.restoreCalls = 0;
    this.webContents = new WebContents();
    record.windows.push(this);
    app.emit('web-contents-created', makeEvent(), this.webContents);
  }
  loadURL(url) {
    this.loadedUrl = url;
    this.webContents.mainFrame = { url, parent: null };
    return Promise.resolve();
  }
  loadFile(file) {
    return this.loadURL(`file://${file}`);
  }
  isMinimized() {
    return this.minimized;
  }
  restore() {
    this.restoreCalls += 1;
    this.minimized = false;
  }
  focus() {
    this.focusCalls += 1;
  }
  show() {}
}

export const ipcMain = {
  handle(channel, handler) {
    if (record.ipcHandlers.has(channel)) record.duplicateHandlers.push(channel);
    record.ipcHandlers.set(channel, handler);
  },
};

export const protocol = {
  registerSchemesAsPrivileged(schemes) {
    record.privilegedSchemes.push(...schemes);
  },
  handle(scheme, handler) {
    record.protocolHandlers.set(scheme, handler);
  },
};

export const session = {
  defaultSession: {
    webRequest: {
      onHeadersReceived(handler) {
        record.onHeadersReceived = handler;
      },
    },
    setPermissionRequestHandler(handler) {
      record.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(handler) {
      record.permissionCheckHandler = handler;
    },
  },
};

export const dialog = {
  async showOpenDialog(options) {
    record.dialogs.push(options);
    return { canceled: false, filePaths: ['/picked/folder'] };
  },
  async showSaveDialog(options) {
    record.dialogs.push(options);
    return { canceled: false, filePath: '/picked/file.pdf' };
  },
  showErrorBox(title, message) {
    record.dialogs.push({ title, message });
  },
  async showMessageBox(...args) {
    record.dialogs.push(args.at(-1));
    return { response: 0, checkboxChecked: false };
  },
};

export const shell = {
  async openExternal(url) {
    record.openExternal.push(url);
  },
  async openPath(p) {
    record.openedPaths.push(p);
    return '';
  },
};

/** Emits what the tests ask for (the screen locks, the machine sleeps). */
export const powerMonitor = new EventEmitter();

export default { app, BrowserWindow, ipcMain, protocol, session, dialog, shell, powerMonitor };
