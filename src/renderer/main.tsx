import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { forgetTokenInAddressBar } from './rpc/client';
import { useAppStore } from './stores/app-store';
import { startLiveUpdates } from './stores/live-updates';
import './styles.css';

forgetTokenInAddressBar();
startLiveUpdates();
void useAppStore.getState().load();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
