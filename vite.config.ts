import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The app: a React page plus a module Web Worker that owns the GPUDevice.
export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  build: { target: 'es2022' },
});
