package io.regiohub.participation.proposal;

import java.util.UUID;

/**
 * Where a proposal belongs: its municipality and its process. Neither ever changes, so what depends
 * on them alone (who may read or support it, which phase rules apply) can be judged from memory.
 */
public interface Placed {

    UUID id();

    String municipality();

    UUID processId();
}
