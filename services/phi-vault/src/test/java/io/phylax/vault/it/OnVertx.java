package io.phylax.vault.it;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.phylax.trust.Caller;
import io.phylax.vault.application.port.in.RequestContext;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Calls the vault's use cases directly, on a Vert.x context as a request would, for tenants that no seeded
 * token names (each long-job test gets a tenant of its own, so tenant-wide counts are the test's alone).
 */
final class OnVertx {

    private OnVertx() {}

    static <T> T await(Vertx vertx, Supplier<Uni<T>> work) throws Exception {
        Context context = VertxContext.getOrCreateDuplicatedContext(vertx);
        VertxContextSafetyToggle.setContextSafe(context, true);
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(ignored -> work.get().subscribe().with(result::complete, result::completeExceptionally));
        return result.get(60, TimeUnit.SECONDS);
    }

    /** A fresh tenant id no other test uses. */
    static String freshTenant(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A request of a staff member of the tenant with the given roles. */
    static RequestContext as(String tenant, String... roles) {
        return asUser(tenant, "test-" + roles[0], UUID.randomUUID().toString(), roles);
    }

    /** A request of one named staff member (user id), under a correlation id the test can look for. */
    static RequestContext asUser(String tenant, String userId, String correlationId, String... roles) {
        return new RequestContext(
                new Caller(tenant, "http://127.0.0.1/realms/phylax-test", userId, "phylax-test", Set.of(roles)),
                correlationId,
                null);
    }
}
