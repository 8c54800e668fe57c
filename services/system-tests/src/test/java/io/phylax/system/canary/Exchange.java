package io.phylax.system.canary;

import java.net.http.HttpHeaders;

/**
 * One HTTP call the sweep made and what came back. {@code call} names it without its URL (a URL may hold a
 * canary on purpose); {@code bodyMayHoldPhi} is true only for a successful answer that shows PHI to a role
 * allowed to see it, the one place where the canary is expected.
 */
record Exchange(String call, int status, HttpHeaders headers, String body, boolean bodyMayHoldPhi) {

    boolean failed() {
        return status >= 400;
    }
}
