package io.podroute.agent;

import io.podroute.agent.config.AgentSetup;
import io.podroute.agent.ipam.Datastore;
import io.podroute.agent.ipam.DatastoreException;
import io.podroute.agent.ipam.EtcdDatastore;
import io.podroute.agent.ipam.FileDatastore;

/** Opens the datastore the configuration names. */
public final class Datastores {
    private Datastores() {}

    /**
     * Opens the file store or connects to etcd.
     *
     * @throws DatastoreException (unavailable) when etcd answers on none of its endpoints
     */
    public static Datastore open(AgentSetup.Store spec) throws DatastoreException {
        return switch (spec.kind()) {
            case FILE -> FileDatastore.open(spec.file());
            case ETCD -> EtcdDatastore.connect(spec.etcdEndpoints(), spec.etcdPrefix(), spec.timeout());
        };
    }
}
