package eu.lonet.neo4j;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.io.ByteUnit;

/**
 * Starts an embedded Neo4j 5.26 Community DBMS with Bolt on 127.0.0.1 only.
 *
 * <p>Arguments: the data directory and the Bolt port. The password of the {@code neo4j} user comes
 * from the environment ({@code NEO4J_PASSWORD}, at least 8 characters), never from the command
 * line, where other users of the machine could read it. Prints exactly one line,
 * {@code lonet-neo4j ready bolt://127.0.0.1:PORT}, once Bolt accepts connections; SIGTERM shuts the
 * DBMS down cleanly (a shutdown hook) before the JVM exits. So does the end of standard input: the
 * Python helper keeps a pipe open to it, so a server whose parent died (a test run killed with
 * SIGKILL) does not linger.
 */
public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: Launcher DATA_DIRECTORY BOLT_PORT (NEO4J_PASSWORD in the environment)");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        String password = System.getenv("NEO4J_PASSWORD");
        if (password == null || password.length() < 8) {
            System.err.println("NEO4J_PASSWORD must be set to at least 8 characters");
            System.exit(2);
        }

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .setConfig(HttpConnector.enabled, false)
                // A test and demo server on a shared 2-core machine: small caches, short logs.
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(256))
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "1 files")
                .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofSeconds(60))
                // A lock wait longer than this fails with a transient error, which the driver's
                // managed transactions retry: no request waits on a lock indefinitely.
                .setConfig(GraphDatabaseSettings.lock_acquisition_timeout, Duration.ofSeconds(2))
                // Bolt's two event loop groups each wait a quiet period (5 s by default) for new
                // work before they stop: 10 s of every shutdown, SIGTERM or the starter's end, spent
                // idle. The connections are closed by then; Neo4j's own test servers use 0.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown, "lonet-neo4j-shutdown"));

        try {
            setPassword(dbms, password);
        } catch (RuntimeException failed) {
            // Nothing else would end the JVM: the DBMS's own threads keep it alive.
            failed.printStackTrace();
            dbms.shutdown();
            System.exit(1);
        }

        Thread parentWatch = new Thread(() -> {
            try {
                while (System.in.read() != -1) {
                    // nothing is ever sent; only the end of the stream matters
                }
            } catch (IOException closed) {
                // the same as the end of the stream
            }
            System.exit(0);
        }, "lonet-neo4j-parent-watch");
        parentWatch.setDaemon(true);
        parentWatch.start();

        awaitBolt(port);
        System.out.println("lonet-neo4j ready bolt://127.0.0.1:" + port);
        System.out.flush();
        new CountDownLatch(1).await(); // until SIGTERM runs the shutdown hook
    }

    /**
     * The embedded API acts with full rights on the system database: set the password (also on a
     * reused data directory, as after a crash) so that Bolt clients must authenticate with it.
     */
    private static void setPassword(DatabaseManagementService dbms, String password) {
        try {
            dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
        } catch (QueryExecutionException refused) {
            // A restart on the same data with the same password: it is already the password.
            if (refused.getMessage() == null || !refused.getMessage().contains("cannot be the same")) {
                throw refused;
            }
        }
    }

    private static void awaitBolt(int port) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Bolt did not accept connections on port " + port);
                }
                Thread.sleep(50);
            }
        }
    }
}
