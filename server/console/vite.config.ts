import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The server serves the built files under /console, so every asset URL carries that base.
export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2048,
    reportCompressedSize: false,
  },
});
