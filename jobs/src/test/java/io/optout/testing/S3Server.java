package io.optout.testing;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.PageSet;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.ListContainerOptions;

/**
 * A real S3 endpoint on loopback: S3Proxy over jclouds' in-memory ("transient") blob store, on a
 * free port, with dummy credentials that exist only in this JVM. S3A talks HTTP to it exactly as it
 * talks to AWS (signing, multipart, copy, list, delete).
 */
public final class S3Server implements AutoCloseable {
  /** Dummy credentials: the server checks them, nothing else knows them. */
  static final String ACCESS_KEY = "local-access-key";

  static final String SECRET_KEY = "local-secret-key";

  private final BlobStoreContext context;
  private final S3Proxy proxy;

  private S3Server(BlobStoreContext context, S3Proxy proxy) {
    this.context = context;
    this.proxy = proxy;
  }

  public static S3Server start() {
    BlobStoreContext context =
        ContextBuilder.newBuilder("transient")
            .credentials("unused", "unused")
            .overrides(new Properties())
            .build(BlobStoreContext.class);
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(context.getBlobStore())
            .endpoint(URI.create("http://127.0.0.1:0")) // port 0: a free port, loopback only
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .build();
    try {
      proxy.start();
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (!"STARTED".equals(proxy.getState())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
        }
        Thread.sleep(10);
      }
    } catch (Exception e) {
      context.close();
      throw new IllegalStateException("cannot start the local S3 server", e);
    }
    return new S3Server(context, proxy);
  }

  public String endpoint() {
    return "http://127.0.0.1:" + proxy.getPort();
  }

  /** Creates the bucket (idempotent) and returns its root, {@code s3a://bucket}. */
  public String bucket(String name) {
    BlobStore store = context.getBlobStore();
    store.createContainerInLocation(null, name);
    return "s3a://" + name;
  }

  /** Object keys under a prefix of a bucket: proof that data really landed in the server. */
  public List<String> keys(String bucket, String prefix) {
    BlobStore store = context.getBlobStore();
    List<String> keys = new ArrayList<>();
    String marker = null;
    do {
      ListContainerOptions options = ListContainerOptions.Builder.prefix(prefix).recursive();
      PageSet<? extends StorageMetadata> page =
          store.list(bucket, marker == null ? options : options.afterMarker(marker));
      page.forEach(m -> keys.add(m.getName()));
      marker = page.getNextMarker();
    } while (marker != null);
    return keys;
  }

  /**
   * The S3A settings for this server: endpoint, path-style addressing (no bucket DNS), plain HTTP,
   * a fixed region (no region lookup) and the dummy keys through the simple provider (no
   * environment, profile or instance-metadata lookups).
   */
  public Map<String, String> s3aSettings() {
    return Map.of(
        "fs.s3a.endpoint", endpoint(),
        "fs.s3a.endpoint.region", "us-east-1",
        "fs.s3a.path.style.access", "true",
        "fs.s3a.connection.ssl.enabled", "false",
        "fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider",
        "fs.s3a.access.key", ACCESS_KEY,
        "fs.s3a.secret.key", SECRET_KEY,
        "fs.s3a.bucket.probe", "0",
        "fs.s3a.attempts.maximum", "2",
        "fs.s3a.retry.limit", "2");
  }

  /** Points S3A in this Hadoop configuration (e.g. the Spark session's) at the server. */
  public void configure(Configuration hadoopConf) {
    s3aSettings().forEach(hadoopConf::set);
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the local S3 server", e);
    } finally {
      context.close();
    }
  }
}
