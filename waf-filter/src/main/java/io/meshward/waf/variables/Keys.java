package io.meshward.waf.variables;

/** Key case handling: SecLang keys compare case-insensitively in ASCII only, bytes above 0x7f untouched. */
public final class Keys {
  private Keys() {}

  public static String lower(String key) {
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        char[] chars = key.toCharArray();
        for (int j = i; j < chars.length; j++) {
          char d = chars[j];
          if (d >= 'A' && d <= 'Z') {
            chars[j] = (char) (d + 32);
          }
        }
        return new String(chars);
      }
    }
    return key;
  }
}
