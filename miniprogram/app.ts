import { setLocale } from './lib/t';
import { outbox } from './outbox/wxOutbox';
import { currentSession } from './services/session';

/**
 * App start: restore the language, then try the outbox whenever the app comes to the front or
 * the network comes back — waiting reports go up by themselves.
 */
App({
  onLaunch() {
    const s = currentSession();
    if (s) setLocale(s.person.locale);
    wx.onNetworkStatusChange((res) => {
      if (res.isConnected) void outbox().flush({ force: true });
    });
  },
  onShow() {
    void outbox().flush();
  },
});
