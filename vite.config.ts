import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { datasetsPlugin } from './scripts/vite-datasets-plugin.js';

// The app: a React page plus a module Web Worker that owns the GPUDevice.
// datasetsPlugin serves Fashion-MNIST ($FASHION_MNIST_DIR or /usr/share/datasets/fashion-mnist)
// under /datasets/fashion-mnist/ on the dev and preview servers.
export default defineConfig({
  plugins: [react(), datasetsPlugin()],
  worker: { format: 'es' },
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  build: { target: 'es2022' },
});
