package io.kubeloop.watch.cache;

import io.kubeloop.core.api.ApiException;
import io.kubeloop.core.api.ObjectList;
import io.kubeloop.core.client.ListOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Java counterpart of client-go {@code tools/pager/pager.go} ({@code ListPager.List}) as the reflector uses it:
 * follows {@code continue} tokens and gathers the pages into one list.
 *
 * <p>Continuation pages carry the token and no resourceVersion (the server rejects both). When a continuation page
 * answers 410 Expired (the token outlived the server's history), the pager makes one full, unpaginated list at the
 * original resourceVersion instead; an Expired first page is the caller's problem (client-go 54033229a). The
 * result's resourceVersion is the first page's.
 */
final class ListPager {
  /** One gathered list. {@code paginated}: the server answered with at least one continue token. */
  record Result<T>(List<T> items, String resourceVersion, boolean paginated) {}

  private ListPager() {}

  static <T> Result<T> list(ListerWatcher<T> lw, ListOptions options) throws IOException, ApiException {
    List<T> items = new ArrayList<>();
    String resourceVersion = null;
    boolean paginated = false;
    ListOptions page = options;
    while (true) {
      ObjectList<T> result;
      try {
        result = lw.list(page);
      } catch (ApiException e) {
        if (page.continueToken() == null || !(e.isResourceExpired() || e.code() == 410)) {
          throw e;
        }
        ListOptions full = new ListOptions(options.labelSelector(), options.fieldSelector(), null, null,
            options.resourceVersion(), options.resourceVersionMatch(), options.timeoutSeconds());
        ObjectList<T> all = lw.list(full);
        return new Result<>(all.items(), nullToEmpty(all.resourceVersion()), true);
      }
      if (resourceVersion == null) {
        resourceVersion = nullToEmpty(result.resourceVersion());
      }
      items.addAll(result.items());
      if (!result.metadata().hasContinue()) {
        return new Result<>(items, resourceVersion, paginated);
      }
      paginated = true;
      page = new ListOptions(options.labelSelector(), options.fieldSelector(), options.limit(),
          result.metadata().continueToken(), null, null, options.timeoutSeconds());
    }
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
