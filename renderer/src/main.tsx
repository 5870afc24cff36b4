import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { createKioskApi, detectTransport } from './api/kiosk-api'
import { App } from './app/App'
import './styles.css'

const root = document.getElementById('root')
if (root === null) throw new Error('no #root element')
createRoot(root).render(
  <StrictMode>
    <App api={createKioskApi(detectTransport())} />
  </StrictMode>,
)
