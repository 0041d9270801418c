package io.regiohub.gateway.cache;

import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.AbstractServerHttpResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The response of a request routed for the cache alone (a background refresh): it has its own
 * status and headers, and whatever is written to it is released, not sent, as nobody waits for it.
 */
final class DetachedResponse extends AbstractServerHttpResponse {

    DetachedResponse(DataBufferFactory buffers) {
        super(buffers);
    }

    @Override
    public <T> T getNativeResponse() {
        throw new IllegalStateException("a detached response has no connection");
    }

    @Override
    protected Mono<Void> writeWithInternal(Publisher<? extends DataBuffer> body) {
        return Flux.from(body).doOnNext(DataBufferUtils::release).then();
    }

    @Override
    protected Mono<Void> writeAndFlushWithInternal(Publisher<? extends Publisher<? extends DataBuffer>> body) {
        return Flux.from(body).concatMap(Flux::from).doOnNext(DataBufferUtils::release).then();
    }

    @Override
    protected void applyStatusCode() {
    }

    @Override
    protected void applyHeaders() {
    }

    @Override
    protected void applyCookies() {
    }
}
