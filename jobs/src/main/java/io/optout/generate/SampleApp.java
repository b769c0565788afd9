package io.optout.generate;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * One generated app. Apps differ in size and in their weekly rhythm: consumer apps are busier on
 * weekends, work apps quieter, so daily charts show a weekly seasonality of either sign.
 */
record SampleApp(int index, String id, double userShare, double weekendFactor)
    implements Serializable {
  private static final String[] NAMES = {
    "shopnow", "worknote", "fittrack", "bankly", "newsday", "gameon", "travelr", "foodie"
  };
  private static final double[] WEEKEND = {1.45, 0.45, 1.25, 0.7};

  static List<SampleApp> of(int count) {
    List<SampleApp> apps = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String id = i < NAMES.length ? NAMES[i] : "app" + (i + 1);
      // Zipf-like sizes: the first app is the biggest.
      apps.add(new SampleApp(i, id, 1.0 / (i + 1), WEEKEND[i % WEEKEND.length]));
    }
    return List.copyOf(apps);
  }
}
