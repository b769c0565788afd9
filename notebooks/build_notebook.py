"""Writes optout_tour.ipynb from the cells below (kept as code so reviews read plain Python).
Run it, then execute the notebook with outputs: python3 run_notebooks.py --in-place"""
import nbformat as nbf

md, code = nbf.v4.new_markdown_cell, nbf.v4.new_code_cell
cells = [
    md("""# Opt-out tour

Opens the `optout` Delta tables and answers the questions they were built for: the daily trend with
spike days, the opt-out rate, push pressure and the fatigue curve, the campaigns before opting out,
retain vs churn with the last events, and source/platform.

**Where the data comes from.** With PySpark and delta-spark installed (a cluster, Databricks, EMR, or
`pip install pyspark==3.5.* delta-spark==3.3.*`) the tables are read directly. Without them, every
question goes through the project's CLI in one call (`bin/optout query ... --format csv`), so a laptop
with only a JDK works too. `OPTOUT_WAREHOUSE` points at the warehouse (default `../data/warehouse`,
written by `bin/optout demo`); `OPTOUT_NOTEBOOK_ENGINE=spark|cli` forces an engine.

The rate, fatigue and spike tables (`optout_base`, `optout_push_fatigue`, `optout_spikes`) are written
by newer pipeline versions; on an older warehouse their cells say so and move on."""),
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
]
nb = nbf.v4.new_notebook(cells=cells)
nb.metadata['kernelspec'] = {'name': 'python3', 'display_name': 'Python 3', 'language': 'python'}
nbf.write(nb, 'optout_tour.ipynb')
