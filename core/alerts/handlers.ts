import type { Handlers } from '../api/contract/index.js';
import { ApiError } from '../api/errors.js';
import { reportMarkdown, reportText } from './report-render.js';
import { isTimeZone } from './schedule.js';
import type { AlertsService } from './service.js';

type AlertHandlerName = Extract<keyof Handlers, `alerts.${string}`>;

/** The `alerts.*` commands. Secrets only ever flow in (add); every answer is secret-free. */
export function alertHandlers(service: AlertsService): Pick<Handlers, AlertHandlerName> {
  const view = (id: number) => {
    const runtime = service.runtime(id);
    if (!runtime) throw new ApiError('not_found', `There is no alert channel with id ${id}`);
    return runtime.view();
  };
  const scheduleView = () => ({ ...service.schedule(), daily: [...service.schedule().daily], upcoming: service.upcomingReports() });
  return {
    'alerts.channels.list': async () => service.channels().map((runtime) => runtime.view()),
    'alerts.channels.add': async (input) => {
      const { record } = await service.admin.add(input);
      await service.launch(record.id);
      return view(record.id);
    },
    'alerts.channels.update': async ({ id, name, enabled, routing, allowedChatIds }) => {
      service.admin.update(id, { name, enabled, routing, allowedChatIds });
      await service.launch(id);
      return view(id);
    },
    'alerts.channels.remove': async ({ id }) => {
      await service.admin.remove(id);
      service.forget(id);
      return { removed: true as const };
    },
    'alerts.channels.test': async ({ id }) => {
      const runtime = service.runtime(id);
      if (!runtime) throw new ApiError('not_found', `There is no alert channel with id ${id}`);
      const deliveryId = runtime.deliver({ kind: 'test', level: 'info', text: `✅ Halyard test message for "${runtime.record.name}": this channel works.` });
      return { deliveryId };
    },
    'alerts.deliveries': async ({ channelId, limit }) => {
      service.admin.require(channelId);
      return service.admin.deliveries(channelId, limit);
    },
    'alerts.schedule.get': async () => scheduleView(),
    'alerts.schedule.set': async (schedule) => {
      if (!isTimeZone(schedule.timeZone)) throw new ApiError('bad_request', `timeZone: "${schedule.timeZone}" is not a time zone such as Europe/Berlin`, [{ path: 'timeZone', message: 'not a time zone such as Europe/Berlin' }]);
      service.setSchedule({ ...schedule, daily: [...new Set(schedule.daily)].sort() });
      return scheduleView();
    },
    'alerts.report': async ({ period }) => {
      const report = await service.report(period);
      return { report, markdown: reportMarkdown(report), text: reportText(report) };
    },
    'alerts.prices.list': async () => service.prices.list(),
    'alerts.prices.add': async (input) => service.prices.add(input),
    'alerts.prices.remove': async ({ id }) => {
      service.prices.remove(id);
      return { removed: true as const };
    },
  };
}
