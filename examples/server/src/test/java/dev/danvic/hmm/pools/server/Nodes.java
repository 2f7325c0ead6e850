package dev.danvic.hmm.pools.server;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts {@link IsolatedNode}s, each in a class loader of its own over the test class path (parent:
 * the platform loader), and calls them by reflection: three nodes are as separate as three
 * processes except for the JDK.
 */
final class Nodes {
  private Nodes() {}

  /** A node in its own class loader. */
  static final class Node implements AutoCloseable {
    private final Object node;
    private final URLClassLoader loader;

    Node(Object node, URLClassLoader loader) {
      this.node = node;
      this.loader = loader;
    }

    Object call(String method, Object... args) {
      ClassLoader before = Thread.currentThread().getContextClassLoader();
      Thread.currentThread().setContextClassLoader(loader);
      try {
        for (Method m : node.getClass().getMethods()) {
          if (m.getName().equals(method) && m.getParameterCount() == args.length) {
            return m.invoke(node, args);
          }
        }
        throw new IllegalArgumentException("no method " + method);
      } catch (InvocationTargetException e) {
        throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      } finally {
        Thread.currentThread().setContextClassLoader(before);
      }
    }

    @SuppressWarnings("unchecked")
    java.util.Map<String, String> read() {
      return (java.util.Map<String, String>) call("read");
    }

    String cached(String poolId) {
      return (String) call("cached", poolId);
    }

    @Override
    public void close() throws Exception {
      try {
        call("close");
      } finally {
        loader.close();
      }
    }
  }

  static Node start(Object... constructorArgs) throws Exception {
    URLClassLoader loader = new URLClassLoader("node", classPath(), ClassLoader.getPlatformClassLoader());
    ClassLoader before = Thread.currentThread().getContextClassLoader();
    Thread.currentThread().setContextClassLoader(loader);
    try {
      Class<?> type = loader.loadClass(IsolatedNode.class.getName());
      if (type == IsolatedNode.class) {
        throw new IllegalStateException("the node was not isolated");
      }
      Object node = type.getConstructors()[0].newInstance(constructorArgs);
      return new Node(node, loader);
    } finally {
      Thread.currentThread().setContextClassLoader(before);
    }
  }

  private static URL[] classPath() throws MalformedURLException {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<URL> urls = new ArrayList<>();
    for (String entry : cp.split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        urls.add(new File(entry).toURI().toURL());
      }
    }
    return urls.toArray(URL[]::new);
  }
}
