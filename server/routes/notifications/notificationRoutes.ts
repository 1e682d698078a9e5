/** A person's own notifications: the unread list of the bell, and marking them read. */
import { Router } from 'express';
import type { NotificationListDto } from '../../../shared/types/notifications';
import { markReadBody } from '../../../shared/validation/oversight';
import type { AppContext } from '../../context';
import { currentUser } from '../../http/requestContext';
import { parseInput } from '../../http/validate';
import { presentNotification } from '../../presenters/notificationPresenter';
import { countUnread, listNotifications, markRead } from '../../repositories/notifications';

/** How many notifications the bell lists at most. */
const LIST_LIMIT = 50;

/** Routes under /api/notifications. */
export function notificationRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/notifications', async (req, res) => {
    const user = currentUser(req);
    const [rows, unread] = await Promise.all([listNotifications(ctx.db, user.id, LIST_LIMIT), countUnread(ctx.db, user.id)]);
    const body: NotificationListDto = { notifications: rows.map(presentNotification), unread };
    res.json(body);
  });

  router.post('/notifications/read', async (req, res) => {
    const user = currentUser(req);
    const body = parseInput(markReadBody, req.body);
    await markRead(ctx.db, user.id, 'ids' in body ? body.ids : null, ctx.clock.now());
    const unread = await countUnread(ctx.db, user.id);
    res.json({ unread });
  });

  return router;
}
