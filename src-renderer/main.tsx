import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectToShell } from './api.ts';
import { App } from './App.tsx';
import { bindClient, createShellStore, StoreProvider } from './store/index.ts';

// Electron's preload bridge if there is one, else the browser host's WebSocket (see api.ts).
const client = connectToShell(window);
const store = createShellStore(client);
bindClient(store, client);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);
