import java.nio.file.Path;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/** A Neo4j Community server with Bolt on 127.0.0.1:PORT, data in DIR, for memograph's tests and development. */
public class Neo4jServer {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    Neo4j neo4j = Neo4jBuilders.newInProcessBuilder(Path.of(args[1]))
        .withDisabledServer()
        .withConfig(BoltConnector.enabled, true)
        .withConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
        .build();
    Runtime.getRuntime().addShutdownHook(new Thread(neo4j::close));
    System.out.println("READY " + neo4j.boltURI());
    Thread.currentThread().join();
  }
}
