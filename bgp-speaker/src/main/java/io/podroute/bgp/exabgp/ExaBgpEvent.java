package io.podroute.bgp.exabgp;

import io.podroute.bgp.codec.message.UpdateMessage;
import io.podroute.bgp.codec.nlri.Family;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;

/** One line of ExaBGP's API output, decoded ({@link ExaBgpJson#parse}). */
sealed interface ExaBgpEvent {
    /** A neighbour's session changed: {@code connected} (TCP up), {@code up} (Established) or {@code down}. */
    record State(InetAddress peer, String state, String reason) implements ExaBgpEvent {}

    /**
     * The OPEN a neighbour sent. {@code restartTime} is -1 without a graceful-restart capability;
     * {@code forwarding} holds the families whose Forwarding State bit is set (ExaBGP 4.2's JSON names
     * that bit "restart" per family, and the Restart State bit "forwarding").
     */
    record Open(
            InetAddress peer,
            long asn,
            int routerId,
            int holdTime,
            int restartTime,
            Set<Family> restartFamilies,
            Set<Family> forwarding)
            implements ExaBgpEvent {
        public Open {
            restartFamilies = Set.copyOf(restartFamilies);
            forwarding = Set.copyOf(forwarding);
        }
    }

    /** An UPDATE received, as the UPDATE messages it stands for (one per family and next hop). */
    record Update(InetAddress peer, List<UpdateMessage> updates, int prefixes) implements ExaBgpEvent {
        public Update {
            updates = List.copyOf(updates);
        }
    }

    /** An End-of-RIB marker received (RFC 4724 §2). */
    record EndOfRib(InetAddress peer, Family family) implements ExaBgpEvent {}

    /** A NOTIFICATION received from the neighbour. */
    record Notification(InetAddress peer, int code, int subcode) implements ExaBgpEvent {}

    /** ExaBGP's answer to an API command: {@code done} or {@code error}. */
    record Ack(boolean ok) implements ExaBgpEvent {}

    /** ExaBGP is stopping. */
    record Shutdown() implements ExaBgpEvent {}

    /** A message of a kind podroute does not use (e.g. route refresh, or a family it does not carry). */
    record Ignored(String what) implements ExaBgpEvent {}
}
