"""Writes optout_tour.ipynb from the cells below (kept as code so reviews read plain Python).
Run it, then execute the notebook with outputs: python3 run_notebooks.py --in-place"""
import nbformat as nbf

md, code = nbf.v4.new_markdown_cell, nbf.v4.new_code_cell
cells = [
    md("""# Opt-out tour

Opens the `optout` Delta tables and answers the questions they were built for: the daily trend with
spike days, the opt-out rate, push pressure and the fatigue curve, the campaigns before opting out,
retain vs churn with the last events, source/platform, and why users opt out (harmful campaigns,
likely causes, re-opt-ins, the frequency cap).

**Where the data comes from.** With PySpark and delta-spark installed (a cluster, Databricks, EMR, or
`pip install pyspark==3.5.* delta-spark==3.3.*`) the tables are read directly. Without them, every
question goes through the project's CLI in one call (`bin/optout query ... --format csv`), so a laptop
with only a JDK works too. `OPTOUT_WAREHOUSE` points at the warehouse (default `../data/warehouse`,
written by `bin/optout demo`); `OPTOUT_NOTEBOOK_ENGINE=spark|cli` forces an engine.

The rate, fatigue and spike tables (`optout_base`, `optout_push_fatigue`, `optout_spikes`) and the why
tables (`optout_campaign_impact`, `optout_cause_daily`, `optout_frequency_cap`) are written by newer
pipeline versions, the why tables by runs with `optout.why.enabled = true` (the default); on a
warehouse without them their cells say so and move on."""),
    code("""%matplotlib inline
import matplotlib.pyplot as plt
import pandas as pd
from optout_data import ENGINE, WAREHOUSE, load

plt.rcParams.update({'figure.dpi': 80, 'axes.grid': True, 'grid.alpha': 0.3})
print(f'engine: {ENGINE}, warehouse: {WAREHOUSE}')"""),
    md("""## The questions, in one round trip
Each entry: the tables it reads and one Spark SQL statement over them. Final cohort rows only
(`is_final`): the others can still change."""),
    code("""LOOKBACK = 7
TOP_HARMFUL = 10  # flagged campaign-days shown, the smallest p-values first
CAP_PERIOD_DAYS = 28  # optout.cap.period-days of the runs: the days a frequency cap pools
QUESTIONS = {
    'daily': ('optout_daily', '''SELECT day, channel, sum(opt_outs) AS opt_outs, sum(opt_ins) AS opt_ins
        FROM optout_daily GROUP BY day, channel'''),
    'histogram': ('optout_push_histogram', '''SELECT pushes_received, bucket, sum(opt_outs) AS opt_outs
        FROM optout_push_histogram GROUP BY pushes_received, bucket'''),
    'campaigns': (('optout_campaign_reach', 'optout_last_campaign'), '''SELECT r.app_id, r.campaign_id, n.campaign_name,
        sum(r.delivered_messages) AS delivered, sum(r.attributed_opt_outs) AS opt_outs
        FROM optout_campaign_reach r LEFT JOIN (
          SELECT app_id, campaign_id, max_by(campaign_name, opt_out_date) AS campaign_name
          FROM optout_last_campaign WHERE campaign_id IS NOT NULL GROUP BY app_id, campaign_id) n
        ON r.app_id = n.app_id AND r.campaign_id = n.campaign_id
        GROUP BY r.app_id, r.campaign_id, n.campaign_name'''),
    'cohorts': ('optout_cohorts', '''SELECT lookback_days, channel, cohort, sum(opt_outs) AS opt_outs
        FROM optout_cohorts WHERE is_final GROUP BY lookback_days, channel, cohort'''),
    'events': ('optout_last_events', f'''SELECT cohort, event_name, sum(total_events) AS total_events,
        sum(unique_users) AS unique_users FROM optout_last_events
        WHERE is_final AND lookback_days = {LOOKBACK} GROUP BY cohort, event_name'''),
    'sources': ('optout_facts', '''SELECT coalesce(source, 'unknown') AS source, coalesce(platform, 'unknown') AS platform,
        count(*) AS opt_outs FROM optout_facts GROUP BY 1, 2'''),
    'rate': ('optout_base', '''SELECT day, sum(opt_outs) AS opt_outs, sum(opted_in_start) AS opted_in_start
        FROM optout_base GROUP BY day'''),
    'fatigue': ('optout_push_fatigue', '''SELECT pushes_received, bucket, sum(users_at_risk) AS users_at_risk,
        sum(opt_outs) AS opt_outs FROM optout_push_fatigue GROUP BY pushes_received, bucket'''),
    'spikes': ('optout_spikes', '''SELECT day, app_id, channel, opt_outs, baseline, threshold,
        top_campaign_id, top_campaign_name, top_campaign_opt_outs FROM optout_spikes WHERE is_spike'''),
    'impact_counts': ('optout_campaign_impact', '''SELECT count(p_value) AS compared, count_if(is_harmful) AS flagged
        FROM optout_campaign_impact'''),
    'harmful': ('optout_campaign_impact', f'''SELECT * FROM (SELECT day, app_id, channel, campaign_id, campaign_name,
        recipients, opt_outs, expected_opt_outs, excess_opt_outs, p_value,
        row_number() OVER (ORDER BY p_value ASC NULLS LAST, excess_opt_outs DESC NULLS LAST, day DESC,
          app_id, channel, campaign_id) AS strength
        FROM optout_campaign_impact WHERE is_harmful) WHERE strength <= {TOP_HARMFUL}'''),
    'nearest_harmless': ('optout_campaign_impact', '''SELECT * FROM (SELECT day, app_id, channel, campaign_id,
        campaign_name, recipients, opt_outs, expected_opt_outs, excess_opt_outs, p_value,
        row_number() OVER (PARTITION BY day, app_id, channel
          ORDER BY p_value ASC NULLS LAST, excess_opt_outs DESC NULLS LAST, campaign_id) AS nearness
        FROM optout_campaign_impact WHERE NOT is_harmful) WHERE nearness = 1'''),
    'causes': ('optout_cause_daily', '''SELECT opt_out_date, cause, sum(opt_outs) AS opt_outs,
        sum(reopted_in_7d) AS reopted_in_7d, sum(reopted_in_30d) AS reopted_in_30d,
        sum(CASE WHEN is_final THEN 0 ELSE opt_outs END) AS not_final
        FROM optout_cause_daily GROUP BY opt_out_date, cause'''),
    'cap': ('optout_frequency_cap', '''SELECT day, app_id, channel, step_at, eligible_candidates, rate_below_per_1000,
        rate_above_per_1000, p_value, is_significant, recommended_cap FROM (
          SELECT *, row_number() OVER (PARTITION BY app_id, channel ORDER BY day DESC) AS latest
          FROM optout_frequency_cap) WHERE latest = 1'''),
    'cap_curve': (('optout_frequency_cap', 'optout_push_fatigue'), f'''SELECT c.app_id, c.channel, f.pushes_received,
        f.bucket, sum(f.users_at_risk) AS users_at_risk, sum(f.opt_outs) AS opt_outs
        FROM (SELECT app_id, channel, max(day) AS day FROM optout_frequency_cap GROUP BY app_id, channel) c
        JOIN optout_push_fatigue f ON f.app_id = c.app_id AND f.channel = c.channel AND f.pushes_received >= 1
          AND f.day BETWEEN date_sub(c.day, {CAP_PERIOD_DAYS - 1}) AND c.day
        GROUP BY c.app_id, c.channel, f.pushes_received, f.bucket'''),
}
data = load(QUESTIONS)

def absent(name):
    print(f'{QUESTIONS[name][0]} is not in this warehouse (older pipeline version): skipping this view.')

pd.Series({name: ('absent' if df is None else len(df)) for name, df in data.items()}, name='rows')"""),
    md("""## Daily trend, with spike days
Opt-outs per local day and channel; triangles mark days `optout_spikes` flags (opt-outs at or above
the median of the previous 28 days plus a margin)."""),
    code("""daily = data['daily'].assign(day=lambda d: pd.to_datetime(d['day']))
trend = daily.pivot_table(index='day', columns='channel', values='opt_outs', aggfunc='sum').fillna(0)
ax = trend.plot(figsize=(11, 3.5), title='Opt-outs per day', ylabel='opt-outs per day', x_compat=True)
spikes = data['spikes']
if spikes is None:
    absent('spikes')
elif len(spikes):
    spikes = spikes.assign(day=lambda d: pd.to_datetime(d['day']))
    ax.scatter(spikes['day'], spikes['opt_outs'], marker='v', s=60, color='orange', zorder=3, label='spike day')
    ax.legend()
plt.show()
daily.groupby('channel')[['opt_outs', 'opt_ins']].sum().assign(net=lambda d: d['opt_ins'] - d['opt_outs'])"""),
    md("""## Opt-out rate
Opt-outs per opted-in user and day: `sum(opt_outs) / sum(opted_in_start)` over `optout_base`."""),
    code("""rate = data['rate']
if rate is None:
    absent('rate')
else:
    rate = rate.assign(day=lambda d: pd.to_datetime(d['day'])).sort_values('day')
    rate['opt_out_rate_pct'] = 100 * rate['opt_outs'] / rate['opted_in_start'].where(rate['opted_in_start'] > 0)
    rate.plot(x='day', y='opt_out_rate_pct', figsize=(11, 3), title='Opt-out rate per day (%)', legend=False, ylabel='% of opted-in users')
    plt.show()
    print(f"over all days: {100 * rate['opt_outs'].sum() / rate['opted_in_start'].sum():.3f} % per day")"""),
    md("""## Push pressure and the fatigue curve
Left: how many pushes the opted-out users had received in the 7 days before (sort by the integer
`pushes_received`, not the string `bucket`). Right: of the users opted in at the start of a day, how
many per 1,000 opted out that day, by the pushes they had received — the hazard, with its denominator."""),
    code("""fig, (left, right) = plt.subplots(1, 2, figsize=(11, 3.5))
hist = data['histogram'].sort_values('pushes_received')
hist.plot.bar(x='bucket', y='opt_outs', ax=left, legend=False, title='Pushes received before opting out', xlabel='pushes received', ylabel='opt-outs')
fatigue = data['fatigue']
if fatigue is None:
    right.axis('off'); right.text(0.5, 0.5, 'optout_push_fatigue absent', ha='center')
    absent('fatigue')
else:
    fatigue = fatigue.sort_values('pushes_received').assign(per_1000=lambda d: 1000 * d['opt_outs'] / d['users_at_risk'])
    fatigue.plot(x='bucket', y='per_1000', marker='o', ax=right, legend=False, title='Fatigue curve', xlabel='pushes received', ylabel='opt-outs per 1,000 at risk')
plt.tight_layout(); plt.show()
fatigue if fatigue is not None else hist"""),
    md("""## Campaigns ranked by opt-outs per thousand deliveries
`optout_campaign_reach`: opt-outs whose last received push came from the campaign, over its
delivered messages (campaigns with at least 200 deliveries)."""),
    code("""campaigns = data['campaigns']
ranked = (campaigns[campaigns['delivered'] >= 200]
          .assign(opt_outs_per_1000=lambda d: (1000 * d['opt_outs'] / d['delivered']).round(2))
          .sort_values('opt_outs_per_1000', ascending=False).head(10))
ranked.plot.barh(x='campaign_name', y='opt_outs_per_1000', figsize=(9, 3.5), legend=False, title='Opt-outs per 1,000 deliveries').invert_yaxis()
plt.show()
ranked"""),
    md("""## Retain vs churn, and what users did before opting out
Retain: at least one app event within the lookback after opting out. Last events: the events in the
7 days before, per cohort (`total_events` per opt-out; `unique_users` per opt-out date)."""),
    code("""cohorts = data['cohorts'].pivot_table(index=['lookback_days', 'channel'], columns='cohort', values='opt_outs', aggfunc='sum').fillna(0)
cohorts['retain_share'] = (cohorts.get('retain', 0) / cohorts.sum(axis=1)).round(3)
events = data['events'].pivot_table(index='event_name', columns='cohort', values='total_events', aggfunc='sum').fillna(0)
events = events.loc[events.sum(axis=1).sort_values(ascending=False).index[:10]]
events.plot.barh(figsize=(9, 3.5), title=f'App events in the {LOOKBACK} days before opting out (total)').invert_yaxis()
plt.show()
cohorts"""),
    md("## Opt-outs by source and platform"),
    code("""sources = data['sources'].pivot_table(index='source', columns='platform', values='opt_outs', aggfunc='sum').fillna(0).astype(int)
sources.plot.barh(stacked=True, figsize=(9, 3), title='Opt-outs by source and platform').invert_yaxis()
plt.show()
sources"""),
    md("""## Spike days and their top campaign
The campaign most of the day's opt-outs had last received (`top_campaign_*`)."""),
    code("""if data['spikes'] is None:
    absent('spikes')
else:
    display(data['spikes'].sort_values(['day', 'app_id', 'channel']).head(20))"""),
    md("""## Why users opt out: campaigns flagged harmful
`optout_campaign_impact`: each campaign's recipients that opted out within the horizon (2 days) against
the app's other campaigns that day and channel, Fisher's exact test and a Benjamini-Hochberg flag per app
and day. The flagged campaign-days with the smallest p-values; each (day, app, channel) group is followed
by its **nearest harmless campaign**: of the same day, app and channel (the campaigns its baseline is
made of), the unflagged one with the smallest p-value (ties: the larger excess). A comparison with the
day's other campaigns, not a controlled experiment (`docs/why.md`)."""),
    code("""harmful, nearest, counts = data['harmful'], data['nearest_harmless'], data['impact_counts']
if harmful is None:
    absent('harmful')
elif harmful.empty:
    print(f"No campaign was flagged harmful: none of the {int(counts['compared'][0])} campaign-days with a baseline stands out.")
else:
    print(f"{int(counts['flagged'][0])} of {int(counts['compared'][0])} campaign-days compared were flagged harmful; "
          f"the {len(harmful)} with the smallest p-values:")
    groups = harmful.groupby(['day', 'app_id', 'channel'], sort=False)['strength'].min().rename('group').reset_index()
    shown = pd.concat([harmful.assign(flag='harmful'),
                       nearest.merge(groups[['day', 'app_id', 'channel']]).assign(flag='contrast', strength=float('inf'))])
    shown = (shown.merge(groups).sort_values(['group', 'strength'])
             [['flag', 'day', 'app_id', 'channel', 'campaign_id', 'campaign_name', 'recipients', 'opt_outs',
               'expected_opt_outs', 'excess_opt_outs', 'p_value']].reset_index(drop=True))
    labels = [f'{n or c} · {ch} · {str(d)[5:10]}' if f == 'harmful' else f'vs {n or c}'
              for f, n, c, ch, d in zip(shown['flag'], shown['campaign_name'], shown['campaign_id'], shown['channel'], shown['day'])]
    shown.assign(label=labels).plot.barh(x='label', y=['opt_outs', 'expected_opt_outs'], figsize=(9, 0.35 * len(shown) + 1),
                                         title='Opt-outs against expected', xlabel='').invert_yaxis()
    plt.show()
    display(shown.round({'expected_opt_outs': 1, 'excess_opt_outs': 1}))"""),
    md("""## Likely causes per day, and who comes back
`optout_cause_daily`: the first rule that holds for each opt-out (token_invalid, cascade, dormant,
after_push, other), a heuristic read from the data, not the user's stated reason. Then, per cause, the
share of those users who opted in again within 7 and within 30 days; opt-outs of the last 30 days
before the run are not final (`not_final`): their users may still come back, so those shares can grow."""),
    code("""CAUSES = ['token_invalid', 'cascade', 'dormant', 'after_push', 'other']  # the order the rules are tried
causes = data['causes']


def order(names):
    return [c for c in CAUSES if c in names] + sorted(c for c in names if c not in CAUSES)


if causes is None:
    absent('causes')
elif causes.empty:
    print('optout_cause_daily has no rows.')
else:
    causes = causes.assign(opt_out_date=lambda d: pd.to_datetime(d['opt_out_date']))
    per_day = causes.pivot_table(index='opt_out_date', columns='cause', values='opt_outs', aggfunc='sum').fillna(0)
    per_day = per_day[order(per_day.columns)]
    per_day = per_day.reindex(pd.date_range(per_day.index.min(), per_day.index.max()), fill_value=0)
    ax = per_day.plot.bar(stacked=True, figsize=(11, 3.5), width=0.8, title='Opt-outs per day by likely cause', ylabel='opt-outs per day')
    ax.set_xticklabels([d.strftime('%m-%d') for d in per_day.index], rotation=90)
    plt.show()
    back = causes.groupby('cause')[['opt_outs', 'reopted_in_7d', 'reopted_in_30d', 'not_final']].sum()
    back = back.reindex(order(back.index))
    back.loc['all causes'] = back.sum()
    back['back_7d_pct'] = (100 * back['reopted_in_7d'] / back['opt_outs']).round(2)
    back['back_30d_pct'] = (100 * back['reopted_in_30d'] / back['opt_outs']).round(2)
    back[['back_7d_pct', 'back_30d_pct']].plot.barh(figsize=(9, 3), title='Opted in again (% of the opt-outs)').invert_yaxis()
    plt.show()
    display(back)"""),
    md("""## The frequency cap: where the risk steps up
`optout_frequency_cap`, the latest row of each app and channel: the push count from which the opt-out risk
steps up (the best split of the fatigue curve into a lower and a higher rate), its p-value and, when
significant, the recommended cap just below it. Each curve is `optout_push_fatigue` pooled over the
`CAP_PERIOD_DAYS` days the cap was found on (set it to the runs' `optout.cap.period-days`), from 1 push
on; the dashed lines are the two rates, the dotted line the cap. Curves with a step, significant ones
first, at most six. A cap is a starting point for a test, not its result."""),
    code("""cap, curve = data['cap'], data['cap_curve']
if cap is None:
    absent('cap')
elif cap.empty:
    print('optout_frequency_cap has no rows.')
else:
    cap = cap.assign(is_significant=cap['is_significant'].fillna(False).astype(bool)).sort_values(['app_id', 'channel'])
    display(cap.reset_index(drop=True))
    stepped = cap[cap['step_at'].notna()].sort_values(['is_significant', 'p_value', 'app_id', 'channel'],
                                                      ascending=[False, True, True, True]).head(6)
    if curve is None:
        absent('cap_curve')
    elif stepped.empty:
        print('No curve to draw: no app and channel has a step.')
    else:
        fig, axes = plt.subplots(len(stepped), 1, figsize=(9, 3 * len(stepped)), squeeze=False)
        for ax, (_, c) in zip(axes[:, 0], stepped.iterrows()):
            points = curve[(curve['app_id'] == c['app_id']) & (curve['channel'] == c['channel'])].sort_values('pushes_received')
            x, step = points['pushes_received'], int(c['step_at'])
            ax.plot(x, 1000 * points['opt_outs'] / points['users_at_risk'], marker='o', color='purple', label='per 1,000')
            if (x < step).any():
                ax.hlines(c['rate_below_per_1000'], x[x < step].min() - 0.5, step - 0.5, colors='k', linestyles='dashed')
            ax.hlines(c['rate_above_per_1000'], step - 0.5, x.max() + 0.5, colors='k', linestyles='dashed', label='step')
            cap_label = f"cap {int(c['recommended_cap'])}" if c['is_significant'] else f"step at {step} (p = {c['p_value']:.2g}), no cap"
            ax.axvline(step - 0.5, color='green', linestyle=':', label=cap_label)
            ax.set_xticks(x)
            ax.set_xticklabels(points['bucket'])
            ax.set(title=f"{c['app_id']} · {c['channel']}, {CAP_PERIOD_DAYS} days to {str(c['day'])[:10]}",
                   xlabel='pushes received in the window before the day', ylabel='opt-outs per 1,000 at risk')
            ax.legend()
        plt.tight_layout()
        plt.show()"""),
]
nb = nbf.v4.new_notebook(cells=cells)
nb.metadata['kernelspec'] = {'name': 'python3', 'display_name': 'Python 3', 'language': 'python'}
nbf.write(nb, 'optout_tour.ipynb')
