/**
 * The client's routes. Spanish paths, since the addresses are read and typed by Spanish speakers.
 * Screens behind a login are separate downloads, so the public home page stays light on weak signal.
 */
import { lazy } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { Layout } from './components/Layout';
import { RequireRole } from './components/RequireRole';
import { Home } from './scenes/Home/Home';
import { NotFound } from './scenes/NotFound/NotFound';

const Login = lazy(() => import('./scenes/Login/Login').then((m) => ({ default: m.Login })));
const CaseList = lazy(() => import('./scenes/CaseList/CaseList').then((m) => ({ default: m.CaseList })));
const Oversight = lazy(() => import('./scenes/Oversight/Oversight').then((m) => ({ default: m.Oversight })));
const OversightCases = lazy(() => import('./scenes/Oversight/OversightCases').then((m) => ({ default: m.OversightCases })));
const CaseAudit = lazy(() => import('./scenes/Oversight/CaseAudit').then((m) => ({ default: m.CaseAudit })));
const Transparency = lazy(() => import('./scenes/Transparency/Transparency').then((m) => ({ default: m.Transparency })));
const AdminOverview = lazy(() => import('./scenes/AdminOverview/AdminOverview').then((m) => ({ default: m.AdminOverview })));
const NewComplaint = lazy(() => import('./scenes/NewComplaint/NewComplaint').then((m) => ({ default: m.NewComplaint })));
const TrackCase = lazy(() => import('./scenes/TrackCase/TrackCase').then((m) => ({ default: m.TrackCase })));
const CaseDetail = lazy(() => import('./scenes/CaseDetail/CaseDetail').then((m) => ({ default: m.CaseDetail })));

/** Every screen, inside the shared layout. */
export function App() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<Home />} />
        <Route path="ingresar" element={<Login />} />
        <Route path="login" element={<Navigate to="/ingresar" replace />} />
        <Route
          path="casos"
          element={
            <RequireRole roles={['complainant', 'facilitator', 'liaison', 'ombudsman']}>
              <CaseList />
            </RequireRole>
          }
        />
        <Route
          path="casos/:id"
          element={
            <RequireRole roles={['complainant', 'facilitator', 'liaison', 'ombudsman']}>
              <CaseDetail />
            </RequireRole>
          }
        />
        <Route path="presentar-queja" element={<NewComplaint />} />
        <Route path="seguimiento" element={<TrackCase />} />
        <Route
          path="admin"
          element={
            <RequireRole roles={['admin']}>
              <AdminOverview />
            </RequireRole>
          }
        />
        <Route
          path="supervision"
          element={
            <RequireRole roles={['ombudsman']}>
              <Oversight />
            </RequireRole>
          }
        />
        <Route
          path="supervision/casos"
          element={
            <RequireRole roles={['ombudsman']}>
              <OversightCases />
            </RequireRole>
          }
        />
        <Route
          path="supervision/casos/:id"
          element={
            <RequireRole roles={['ombudsman']}>
              <CaseAudit />
            </RequireRole>
          }
        />
        <Route path="transparencia" element={<Transparency />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
