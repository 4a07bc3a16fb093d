package net.mailstat.classify;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A small immutable-after-build map from byte-string keys to values, looked up without allocating. */
final class ByteKeyTable<V> {
  private byte[][] keys = new byte[16][];
  private Object[] values = new Object[16];
  private int size;

  void put(String key, V value) {
    byte[] k = key.getBytes(StandardCharsets.ISO_8859_1);
    if ((size + 1) * 2 > keys.length) {
      grow();
    }
    int slot = slot(k, 0, k.length);
    if (keys[slot] == null) {
      size++;
    }
    keys[slot] = k;
    values[slot] = value;
  }

  @SuppressWarnings("unchecked")
  V get(byte[] buf, int start, int end) {
    int mask = keys.length - 1;
    int i = Bytes.hash(buf, start, end) & mask;
    while (true) {
      byte[] k = keys[i];
      if (k == null) {
        return null;
      }
      if (Arrays.equals(k, 0, k.length, buf, start, end)) {
        return (V) values[i];
      }
      i = (i + 1) & mask;
    }
  }

  V get(String key) {
    byte[] k = key.getBytes(StandardCharsets.ISO_8859_1);
    return get(k, 0, k.length);
  }

  private int slot(byte[] buf, int start, int end) {
    int mask = keys.length - 1;
    int i = Bytes.hash(buf, start, end) & mask;
    while (keys[i] != null && !Arrays.equals(keys[i], 0, keys[i].length, buf, start, end)) {
      i = (i + 1) & mask;
    }
    return i;
  }

  @SuppressWarnings("unchecked")
  private void grow() {
    byte[][] oldKeys = keys;
    Object[] oldValues = values;
    keys = new byte[oldKeys.length * 2][];
    values = new Object[oldKeys.length * 2];
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != null) {
        int slot = slot(oldKeys[i], 0, oldKeys[i].length);
        keys[slot] = oldKeys[i];
        values[slot] = oldValues[i];
        size++;
      }
    }
  }
}
