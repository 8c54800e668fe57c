package io.phylax.vault.application.service;

import java.util.concurrent.Callable;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Runs blocking work (the key service) on a worker thread and resumes on the caller's Vert.x context, which
 * the reactive database session requires for the rest of the request.
 */
final class Blocking {

    private Blocking() {}

    static <T> Uni<T> run(Callable<T> work) {
        Context context = Vertx.currentContext();
        if (context == null) {
            return Uni.createFrom().item(() -> call(work)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        }
        return Uni.createFrom()
                .completionStage(() -> context.executeBlocking(work, false).toCompletionStage());
    }

    private static <T> T call(Callable<T> work) {
        try {
            return work.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
