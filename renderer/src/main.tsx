/** Renderer entry: pick the transport once, then render the shell. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './theme.css';
import './ui/controls.css';
import './ui/shell.css';
import { setClient } from './app-client.ts';
import { connectClient } from './connection.ts';
import { appStore } from './stores/app-store.ts';
import { App } from './app.tsx';

setClient(connectClient((status) => appStore.getState().setConnection(status)));

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
