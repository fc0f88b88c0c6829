import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createClient, detectTransport } from './api/client';
import { ClientProvider } from './api/client-context';
import { UiStateProvider } from './state/ui-state';
import { App } from './App';
import { ProtectionGate } from './features/protection/protection-gate';
import { keepFilesOpen } from './features/attachments/api';
// highlight.js's GitHub token colours for fenced code in the preview (class names only, no background).
import 'highlight.js/styles/github.css';
import './styles.css';
import { applyTheme } from './features/theme/theme';

// Before the first paint, so a dark system never flashes the light theme.
applyTheme();

const root = createRoot(document.getElementById('root')!);
const transport = detectTransport(window);

if ('error' in transport) {
  root.render(
    <div className="fatal" role="alert">
      <h1>Dossier</h1>
      <p>{transport.error}</p>
    </div>,
  );
} else {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false, staleTime: 2_000 } },
  });
  const client = createClient(transport);
  // Attachments load by plain /files/… URLs: in browser mode that needs the files cookie, set before the
  // first render (so images in the first note shown load) and kept fresh.
  void transport.openFiles().finally(() => {
    keepFilesOpen(client);
    root.render(
      <StrictMode>
        <ClientProvider client={client}>
          <QueryClientProvider client={queryClient}>
            <ProtectionGate>
              <UiStateProvider>
                <App />
              </UiStateProvider>
            </ProtectionGate>
          </QueryClientProvider>
        </ClientProvider>
      </StrictMode>,
    );
  });
}
