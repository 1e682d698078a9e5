/**
 * createApp(): the Express application with its middleware, routes and error handler, and the socket
 * side wired to the same sessions. No listen() here: main.ts and the tests decide where it runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import compression from 'compression';
import express, { type Express, type RequestHandler } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import type { Clock } from './clock';
import type { Config } from './config';
import type { AppContext, Lifecycle } from './context';
import { Metrics } from './observability/metrics';
import { FieldCipher } from './crypto/fieldCipher';
import type { Database } from './db/database';
import { PgSessionStore } from './auth/sessionStore';
import { createPassport, passportRequests } from './auth/passport';
import { Mailer } from './mail/mailer';
import { Realtime } from './realtime/realtime';
import { openFileStorage } from './storage/openFileStorage';
import { ResumableStore } from './storage/resumableStore';
import { storageOwnerId } from './repositories/attachments';
import { requireCsrfToken } from './http/csrf';
import { fixedHeaders } from './http/fixedHeaders';
import { leanJsonBody } from './http/jsonBody';
import { rejectUnstorableText } from './http/validate';
import { resolveLanguage } from './http/requestContext';
import { apiNotFound, errorHandler } from './http/errorHandler';
import { clientFiles } from './http/clientFiles';
import { drawnLanguagesOf } from './languages/mechanismLanguages';
import { sessionRoutes } from './routes/session/sessionRoutes';
import { mechanismRoutes } from './routes/mechanism/mechanismRoutes';
import { caseRoutes } from './routes/cases/caseRoutes';
import { intakeRoutes, recentSessionFilings } from './routes/intake/intakeRoutes';
import { dialogueRoutes, recentSessionDialogueRoutes } from './routes/dialogue/dialogueRoutes';
import { caseRoomHandlers } from './realtime/caseRooms';
import { adminRoutes } from './routes/admin/adminRoutes';
import { custodyRoutes } from './routes/custody/custodyRoutes';
import { clipRoutes } from './routes/clips/clipRoutes';
import { languageRoutes } from './routes/languages/languageRoutes';
import { docsRoutes } from './routes/docs/docsRoutes';
import { healthRoutes } from './routes/health/healthRoutes';
import { deadlineRoutes } from './routes/deadlines/deadlineRoutes';
import { accountRoutes } from './routes/accounts/accountRoutes';
import { oversightRoutes } from './routes/oversight/oversightRoutes';
import { transparencyRoutes } from './routes/transparency/transparencyRoutes';
import { notificationRoutes } from './routes/notifications/notificationRoutes';
import { outboxRoutes } from './routes/admin/outboxRoutes';
import { learningRoutes } from './routes/learning/learningRoutes';
import { collectiveRoutes } from './routes/learning/collectiveRoutes';
import { effectivenessRoutes } from './routes/learning/effectivenessRoutes';
import { rootCauseAdminRoutes } from './routes/learning/rootCauseAdminRoutes';
import { nationalHolidayRoutes } from './routes/admin/nationalHolidayRoutes';
import { channelRoutes } from './routes/channels/channelRoutes';
import { habeasRoutes } from './routes/habeas/habeasRoutes';
import { OPEN311_PREFIX, open311Routes } from './routes/open311/open311Routes';
import { plainFormRoutes } from './routes/plainForm/plainFormRoutes';

/** The session cookie's name; also cleared at logout. */
export const SESSION_COOKIE = 'puente.sid';

/** What createApp needs from outside. */
export interface AppDependencies {
  config: Config;
  db: Database;
  clock: Clock;
  /** Folder of the built client; the API works without it. */
  clientDir?: string;
  /** The running server's state (startServer passes it; a bare app is never draining and runs no jobs). */
  lifecycle?: Lifecycle;
}

/** The application and its context. */
export interface App {
  express: Express;
  ctx: AppContext;
}

/** Builds the Express app and the context its handlers share. */
export function createApp(deps: AppDependencies): App {
  const { config, db, clock } = deps;
  const sessions = new PgSessionStore(db, clock);
  const cipher = new FieldCipher(config.dataKey, config.dataKeyring);
  const passport = createPassport(db, cipher, sessions);
  const sessionMiddleware = session({
    name: SESSION_COOKIE,
    store: sessions,
    secret: config.sessionSecret,
    resave: false,
    saveUninitialized: false,
    // The cookie is set only when a session starts or changes (log-in, its CSRF token, …), never rolled on
    // every answer: on a slow network answers arrive out of order, and a rolled cookie in the late answer to
    // a request sent before a log-in put the session of before back in the browser — logged out again. The
    // idle end is the server's (SESSION_IDLE_MS, counted in sessionStore.ts from each request).
    rolling: false,
    proxy: config.trustProxy > 0,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.publicUrl.startsWith('https://'),
    },
  });
  const lifecycle: Lifecycle = deps.lifecycle ?? { isDraining: () => false, jobStates: () => new Map() };
  const realtime = new Realtime([sessionMiddleware, passport.initialize() as RequestHandler, passport.session() as RequestHandler], config.publicUrl);
  const ctx: AppContext = {
    config,
    db,
    clock,
    sessions,
    cipher,
    realtime,
    mailer: new Mailer(config.smtpUrl, config.mailFrom, config.outboxLeaseMs, config.env !== 'production'),
    storage: openFileStorage(config),
    resumable: new ResumableStore(path.join(config.dataDir, 'resumable'), () => storageOwnerId(db, clock.now())),
    lifecycle,
    metrics: config.metricsToken ? new Metrics({ db, clock, realtime, lifecycle }) : undefined,
  };
  ctx.realtime.onConnection(caseRoomHandlers(ctx));

  const app = express();
  const passportHere = passportRequests(app, passport);
  // First, so every request is timed, refusals included.
  if (ctx.metrics) app.use(ctx.metrics.recordRequests);
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  // helmet's headers are the same on every answer: taken once, set in one loop (fixedHeaders).
  app.use(
    fixedHeaders(
      helmet({
        contentSecurityPolicy: {
          directives: {
            defaultSrc: ["'self'"],
            scriptSrc: ["'self'"],
            styleSrc: ["'self'"],
            imgSrc: ["'self'", 'data:', 'blob:'],
            mediaSrc: ["'self'", 'blob:'],
            connectSrc: ["'self'"],
            // The service worker (/sw.js) and the web app manifest are the site's own files.
            workerSrc: ["'self'"],
            manifestSrc: ["'self'"],
            objectSrc: ["'none'"],
            frameAncestors: ["'none'"],
            upgradeInsecureRequests: config.publicUrl.startsWith('https://') ? [] : null,
          },
        },
        strictTransportSecurity: config.publicUrl.startsWith('https://'),
      }),
    ),
  );

  // JSON and CSV answers travel compressed (brotli or gzip, as the browser accepts): the mechanism's
  // description alone is ~7 KB of JSON that every first screen waits for on 2G. Files are left alone.
  // Smaller answers gain nothing from compression (its default threshold, named: the filing's way ahead relies on it).
  const compressFrom = 1024;
  const compress = compression({
    threshold: compressFrom,
    filter: (_req, res) => /^(application\/json|text\/csv)/.test(String(res.getHeader('Content-Type') ?? '')),
  });
  // JSON bodies up to 200 KB; the common case (plain UTF-8 JSON of a given length) read without body-parser's
  // machinery, every other body by body-parser as before (leanJsonBody).
  const jsonLimit = 200 * 1024;
  const json = leanJsonBody(express.json({ limit: jsonLimit }), jsonLimit);
  // A filing by a session read lately is checked by its own statement, not read first: ahead of the API's
  // router (none of its layers is walked), taking the API's compression and body parser itself.
  app.use(recentSessionFilings(ctx, { json, compress, compressFrom }));

  const api = express.Router();
  api.use(compress);
  api.use(json);
  // A message by a session read lately, likewise.
  api.use(recentSessionDialogueRoutes(ctx));
  api.use(sessionMiddleware);
  api.use(passportHere);
  api.use(resolveLanguage);
  api.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  api.use(requireCsrfToken);
  api.use(rejectUnstorableText);
  // Filings first: the busiest route of all, and no path of intake's is also a path of the routers below.
  api.use(intakeRoutes(ctx));
  api.use(healthRoutes(ctx));
  api.use(sessionRoutes(ctx, passport));
  api.use(mechanismRoutes(ctx));
  api.use(caseRoutes(ctx));
  api.use(dialogueRoutes(ctx));
  api.use(clipRoutes(ctx));
  api.use(languageRoutes(ctx));
  api.use(adminRoutes(ctx));
  api.use(custodyRoutes(ctx));
  api.use(accountRoutes(ctx));
  api.use(docsRoutes(ctx));
  api.use(deadlineRoutes(ctx));
  api.use(oversightRoutes(ctx));
  api.use(transparencyRoutes(ctx));
  api.use(notificationRoutes(ctx));
  api.use(outboxRoutes(ctx));
  api.use(nationalHolidayRoutes(ctx));
  api.use(habeasRoutes(ctx));
  api.use(learningRoutes(ctx));
  api.use(collectiveRoutes(ctx));
  api.use(effectivenessRoutes(ctx));
  api.use(rootCauseAdminRoutes(ctx));
  api.use(apiNotFound);
  // Gateway webhooks carry their own signature instead of a session and a CSRF token. Mounted at their own
  // prefix, so no other API request walks their router.
  app.use('/api/channels', channelRoutes(ctx));
  app.use('/api', api);
  // The public open-data feed, where GeoReport v2 clients look for it: no session, no CSRF, read-only.
  app.use(OPEN311_PREFIX, open311Routes(ctx));

  // The complaint form for phones without JavaScript: pages drawn here, the app's session and CSRF token.
  app.use(plainFormRoutes(ctx, [sessionMiddleware, passportHere]));

  const clientDir = deps.clientDir;
  if (clientDir && fs.existsSync(path.join(clientDir, 'index.html'))) app.use(clientFiles(clientDir, (slug) => drawnLanguagesOf(ctx.db, slug)));
  app.use(errorHandler);
  return { express: app, ctx };
}
