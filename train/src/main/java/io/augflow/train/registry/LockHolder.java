package io.augflow.train.registry;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.UUID;

/**
 * Who holds the registry lock: the content of {@code <root>/_lock}, so a blocked user can find the holder
 * or tell that it is gone.
 *
 * @param purpose  what the holder does ({@code "retrain"}, {@code "models promote"})
 * @param user     the holder's OS user
 * @param host     the holder's host name
 * @param pid      the holder's process id
 * @param acquired when it took the lock
 * @param token    unique per acquisition, so a holder removes only its own lock
 */
record LockHolder(
        @JsonProperty("purpose") String purpose,
        @JsonProperty("user") String user,
        @JsonProperty("host") String host,
        @JsonProperty("pid") long pid,
        @JsonProperty("acquired") Instant acquired,
        @JsonProperty("token") String token) {

    static LockHolder ofThisProcess(String purpose) {
        return new LockHolder(purpose, System.getProperty("user.name", "unknown"), hostName(),
                ProcessHandle.current().pid(), Instant.now(), UUID.randomUUID().toString());
    }

    /** {@code 'retrain' (user ann, host h1, pid 4242) since 2024-05-01T10:00:00Z}. */
    String describe() {
        return "'" + purpose + "' (user " + user + ", host " + host + ", pid " + pid + ") since " + acquired;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String env = System.getenv("HOSTNAME");
            return env == null || env.isBlank() ? "unknown" : env;
        }
    }
}
