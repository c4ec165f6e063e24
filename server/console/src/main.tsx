import { App as AntApp, ConfigProvider } from 'antd';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ConsoleApp } from './App';
import './console.css';

// People who ask their system for reduced motion get the console without animations.
const motion = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider theme={{ token: { colorPrimary: '#1f5fa8', motion } }}>
      <AntApp>
        <ConsoleApp />
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
