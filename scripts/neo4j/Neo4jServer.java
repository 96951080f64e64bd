import java.nio.file.Path;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

/**
 * A Neo4j Community server with Bolt on 127.0.0.1:PORT and its data in HOME, for memograph's tests and development.
 * Started again on the same HOME it finds its data, so tests can stop and restart it. Authentication is off.
 * Arguments: PORT HOME [PAGE_CACHE_MIB], the page cache 256 MiB unless given.
 */
public class Neo4jServer {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(Path.of(args[1]))
        .setConfig(BoltConnector.enabled, true)
        .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
        .setConfig(GraphDatabaseSettings.auth_enabled, false)
        .setConfig(GraphDatabaseSettings.pagecache_memory, (args.length > 2 ? Long.parseLong(args[2]) : 256L) * 1024 * 1024)
        .build();
    Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown));
    dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).executeTransactionally("RETURN 1");
    System.out.println("READY bolt://127.0.0.1:" + port);
    Thread.currentThread().join();
  }
}
