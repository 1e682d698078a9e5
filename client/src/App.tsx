/**
 * The client's routes. Spanish paths, since the addresses are read and typed by Spanish speakers.
 * Screens behind a login are separate downloads, so the public home page stays light on weak signal.
 */
import { lazy } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { Layout } from './components/Layout';
import { RequireRole } from './components/RequireRole';
import { NotFound } from './scenes/NotFound/NotFound';
import { loadCaseDetail, loadCaseList, loadHome, loadLogin, loadNewComplaint, loadTrackCase } from './screenLoaders';

const Home = lazy(() => loadHome().then((m) => ({ default: m.Home })));
const Login = lazy(() => loadLogin().then((m) => ({ default: m.Login })));
const CaseList = lazy(() => loadCaseList().then((m) => ({ default: m.CaseList })));
const Oversight = lazy(() => import('./scenes/Oversight/Oversight').then((m) => ({ default: m.Oversight })));
const OversightCases = lazy(() => import('./scenes/Oversight/OversightCases').then((m) => ({ default: m.OversightCases })));
const CaseAudit = lazy(() => import('./scenes/Oversight/CaseAudit').then((m) => ({ default: m.CaseAudit })));
const Effectiveness = lazy(() => import('./scenes/Effectiveness/Effectiveness').then((m) => ({ default: m.Effectiveness })));
const Transparency = lazy(() => import('./scenes/Transparency/Transparency').then((m) => ({ default: m.Transparency })));
const AdminOverview = lazy(() => import('./scenes/AdminOverview/AdminOverview').then((m) => ({ default: m.AdminOverview })));
const NewComplaint = lazy(() => loadNewComplaint().then((m) => ({ default: m.NewComplaint })));
const TrackCase = lazy(() => loadTrackCase().then((m) => ({ default: m.TrackCase })));
const CaseDetail = lazy(() => loadCaseDetail().then((m) => ({ default: m.CaseDetail })));
const AdminPeople = lazy(() => import('./scenes/AdminPeople/AdminPeople').then((m) => ({ default: m.AdminPeople })));
const AdminCompanies = lazy(() => import('./scenes/AdminCompanies/AdminCompanies').then((m) => ({ default: m.AdminCompanies })));
const AdminCategories = lazy(() => import('./scenes/AdminCategories/AdminCategories').then((m) => ({ default: m.AdminCategories })));
const JoinCollective = lazy(() => import('./scenes/JoinCollective/JoinCollective').then((m) => ({ default: m.JoinCollective })));
const AdminRootCauses = lazy(() => import('./scenes/AdminRootCauses/AdminRootCauses').then((m) => ({ default: m.AdminRootCauses })));
const AdminPlaces = lazy(() => import('./scenes/AdminPlaces/AdminPlaces').then((m) => ({ default: m.AdminPlaces })));
const AdminDeadlines = lazy(() => import('./scenes/AdminDeadlines/AdminDeadlines').then((m) => ({ default: m.AdminDeadlines })));
const AdminLanguages = lazy(() => import('./scenes/AdminLanguages/AdminLanguages').then((m) => ({ default: m.AdminLanguages })));
const AdminDataPolicy = lazy(() => import('./scenes/AdminDataPolicy/AdminDataPolicy').then((m) => ({ default: m.AdminDataPolicy })));
const AdminMechanisms = lazy(() => import('./scenes/AdminMechanisms/AdminMechanisms').then((m) => ({ default: m.AdminMechanisms })));
const AdminOutbox = lazy(() => import('./scenes/AdminOutbox/AdminOutbox').then((m) => ({ default: m.AdminOutbox })));
const AdminChannelOutbox = lazy(() => import('./scenes/AdminOutbox/AdminChannelOutbox').then((m) => ({ default: m.AdminChannelOutbox })));
const AccountInvitation = lazy(() => import('./scenes/AccountInvitation/AccountInvitation').then((m) => ({ default: m.AccountInvitation })));
const AccountPasswordReset = lazy(() => import('./scenes/AccountPasswordReset/AccountPasswordReset').then((m) => ({ default: m.AccountPasswordReset })));
const AccountSignUp = lazy(() => import('./scenes/AccountSignUp/AccountSignUp').then((m) => ({ default: m.AccountSignUp })));
const MyData = lazy(() => import('./scenes/MyData/MyData').then((m) => ({ default: m.MyData })));
const HabeasQueue = lazy(() => import('./scenes/HabeasQueue/HabeasQueue').then((m) => ({ default: m.HabeasQueue })));
const AccountProfile = lazy(() => import('./scenes/AccountProfile/AccountProfile').then((m) => ({ default: m.AccountProfile })));

const ADMIN_SCREENS = [
  ['admin/personas', AdminPeople],
  ['admin/empresas', AdminCompanies],
  ['admin/categorias', AdminCategories],
  ['admin/causas', AdminRootCauses],
  ['admin/lugares', AdminPlaces],
  ['admin/politica-de-datos', AdminDataPolicy],
  ['admin/plazos', AdminDeadlines],
  ['admin/mecanismos', AdminMechanisms],
  ['admin/correos', AdminOutbox],
  ['admin/mensajes', AdminChannelOutbox],
  ['admin/idiomas', AdminLanguages],
] as const;

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
        <Route path="sumarse" element={<JoinCollective />} />
        <Route
          path="admin"
          element={
            <RequireRole roles={['admin']}>
              <AdminOverview />
            </RequireRole>
          }
        />
        {ADMIN_SCREENS.map(([path, Screen]) => (
          <Route
            key={path}
            path={path}
            element={
              <RequireRole roles={['admin']}>
                <Screen />
              </RequireRole>
            }
          />
        ))}
        <Route path="invitacion/:token" element={<AccountInvitation />} />
        <Route path="restablecer" element={<AccountPasswordReset />} />
        <Route path="restablecer/:token" element={<AccountPasswordReset />} />
        <Route path="registro" element={<AccountSignUp />} />
        <Route
          path="perfil"
          element={
            <RequireRole roles={['complainant', 'facilitator', 'liaison', 'ombudsman', 'admin']}>
              <AccountProfile />
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
          path="supervision/efectividad"
          element={
            <RequireRole roles={['ombudsman']}>
              <Effectiveness />
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
        {/* Habeas data: the person's own page (account or receipt key) and the staff's queue. */}
        <Route path="mis-datos" element={<MyData />} />
        <Route
          path="habeas"
          element={
            <RequireRole roles={['ombudsman', 'admin']}>
              <HabeasQueue />
            </RequireRole>
          }
        />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
