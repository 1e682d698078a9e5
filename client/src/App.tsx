/**
 * The client's routes. Spanish paths, since the addresses are read and typed by Spanish speakers.
 * Screens behind a login are separate downloads, so the public home page stays light on weak signal.
 */
import { lazy } from 'react';
import { Redirect, Route, Switch } from 'wouter';
import { Layout } from './components/Layout';
import { RequireRole } from './components/RequireRole';
import { NotFound } from './scenes/NotFound/NotFound';
import { loadCaseDetail, loadCaseList, loadHome, loadLogin, loadNewComplaint, loadTrackCase } from './screenLoaders';

/** Addresses of the desk's screens, routed by ./deskRoutes.tsx. */
const DESK_PATHS = /^\/(admin|supervision|habeas)(\/|$)/;
const DeskRoutes = lazy(() => import('./deskRoutes').then((m) => ({ default: m.DeskRoutes })));
const Home = lazy(() => loadHome().then((m) => ({ default: m.Home })));
const Login = lazy(() => loadLogin().then((m) => ({ default: m.Login })));
const CaseList = lazy(() => loadCaseList().then((m) => ({ default: m.CaseList })));
const Transparency = lazy(() => import('./scenes/Transparency/Transparency').then((m) => ({ default: m.Transparency })));
const NewComplaint = lazy(() => loadNewComplaint().then((m) => ({ default: m.NewComplaint })));
const TrackCase = lazy(() => loadTrackCase().then((m) => ({ default: m.TrackCase })));
const CaseDetail = lazy(() => loadCaseDetail().then((m) => ({ default: m.CaseDetail })));
const JoinCollective = lazy(() => import('./scenes/JoinCollective/JoinCollective').then((m) => ({ default: m.JoinCollective })));
const AccountInvitation = lazy(() => import('./scenes/AccountInvitation/AccountInvitation').then((m) => ({ default: m.AccountInvitation })));
const AccountPasswordReset = lazy(() => import('./scenes/AccountPasswordReset/AccountPasswordReset').then((m) => ({ default: m.AccountPasswordReset })));
const AccountSignUp = lazy(() => import('./scenes/AccountSignUp/AccountSignUp').then((m) => ({ default: m.AccountSignUp })));
const MyData = lazy(() => import('./scenes/MyData/MyData').then((m) => ({ default: m.MyData })));
const AccountProfile = lazy(() => import('./scenes/AccountProfile/AccountProfile').then((m) => ({ default: m.AccountProfile })));

/** The screens behind a role: who may open each (RequireRole sends others to the login or their own first screen). */
const CASE_ROLES = ['complainant', 'facilitator', 'liaison', 'ombudsman'] as const;

/** Every screen, inside the shared layout; the first route matching the address wins. */
export function App() {
  return (
    <Layout>
      <Switch>
        <Route path="/">
          <Home />
        </Route>
        <Route path="/ingresar">
          <Login />
        </Route>
        <Route path="/login">
          <Redirect to="/ingresar" replace />
        </Route>
        <Route path="/casos">
          <RequireRole roles={CASE_ROLES}>
            <CaseList />
          </RequireRole>
        </Route>
        <Route path="/casos/:id">
          <RequireRole roles={CASE_ROLES}>
            <CaseDetail />
          </RequireRole>
        </Route>
        <Route path="/presentar-queja">
          <NewComplaint />
        </Route>
        <Route path="/seguimiento">
          <TrackCase />
        </Route>
        <Route path="/sumarse">
          <JoinCollective />
        </Route>
        <Route path="/invitacion/:token">
          <AccountInvitation />
        </Route>
        <Route path="/restablecer">
          <AccountPasswordReset />
        </Route>
        <Route path="/restablecer/:token">
          <AccountPasswordReset />
        </Route>
        <Route path="/registro">
          <AccountSignUp />
        </Route>
        <Route path="/perfil">
          <RequireRole roles={['complainant', 'facilitator', 'liaison', 'ombudsman', 'admin']}>
            <AccountProfile />
          </RequireRole>
        </Route>
        <Route path="/transparencia">
          <Transparency />
        </Route>
        {/* Habeas data: the person's own page (account or receipt key) and the staff's queue. */}
        <Route path="/mis-datos">
          <MyData />
        </Route>
        {/* The desk's screens (administration, oversight, data requests): their routes download when one is opened. */}
        <Route path={DESK_PATHS}>
          <DeskRoutes />
        </Route>
        <Route>
          <NotFound />
        </Route>
      </Switch>
    </Layout>
  );
}
