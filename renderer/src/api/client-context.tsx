import { createContext, useContext, type ReactNode } from 'react';
import type { DossierClient } from './client';

const ClientContext = createContext<DossierClient | null>(null);

/** Makes the one Dossier client available to every component. */
export function ClientProvider({ client, children }: { client: DossierClient; children: ReactNode }) {
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}

/** The Dossier client of this window (IPC or HTTP, the component does not care). */
export function useClient(): DossierClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient outside ClientProvider');
  return client;
}
