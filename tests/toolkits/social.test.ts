import { describe, expect, it } from 'vitest';
import { loadToolkitHarness } from '../support/toolkit-harness.ts';

const { initial, ok, fails, expectPure, bfclState } = await loadToolkitHarness('social');

const session = ok('authenticate_twitter', { username: 'lena_codes', password: 'Fjord-Pine-42' }).state;

describe('social toolkit', () => {
  it('logs in with the account credentials and answers false, keeping the session, on wrong ones', () => {
    expect(ok('posting_get_login_status', {}).result).toEqual({ login_status: false });
    expect(ok('posting_get_login_status', {}, session).result).toEqual({ login_status: true });
    const wrong = ok('authenticate_twitter', { username: 'lena_codes', password: 'guess' });
    expect(wrong.result).toEqual({ authentication_status: false });
    expect(wrong.state).toEqual(initial);
    expect(ok('authenticate_twitter', { username: 'lena_codes', password: 'guess' }, session).state).toEqual(session);
  });

  it('needs a session to post, comment, retweet and manage follows (mention needs none, as in BFCL)', () => {
    for (const [fn, args] of [
      ['post_tweet', { content: 'hi' }],
      ['comment', { tweet_id: 5041, comment_content: 'hi' }],
      ['retweet', { tweet_id: 5041 }],
      ['follow_user', { username_to_follow: 'harbor_bakery' }],
      ['unfollow_user', { username_to_unfollow: 'orbit_watch' }],
      ['list_all_following', {}],
    ] as const) {
      expect(fails(fn, args)).toMatch(/Not logged in/);
    }
    expect(ok('mention', { tweet_id: 5041, mentioned_usernames: ['@a'] }).result.mention_status).toBe('Users mentioned successfully');
  });

  it('posts tweets with the next counter id, content and tags as given (BFCL has no limits)', () => {
    const posted = ok('post_tweet', { content: 'Hello Malmo', tags: ['#python'], mentions: ['@devrel_mia'] }, session);
    expect(posted.result).toEqual({ id: 5120, username: 'lena_codes', content: 'Hello Malmo', tags: ['#python'], mentions: ['@devrel_mia'] });
    expect(ok('post_tweet', { content: 'Again' }, posted.state).result.id).toBe(5121);
    expect(ok('get_tweet', { tweet_id: 5120 }, posted.state).result.content).toBe('Hello Malmo');
    expect(ok('post_tweet', { content: 'x', tags: ['python'] }, session).result.tags).toEqual(['python']);
    expect(ok('post_tweet', { content: 'x'.repeat(281) }, session).result.content).toHaveLength(281);
    expect(ok('post_tweet', { content: '' }, session).result.content).toBe('');
  });

  it('reads tweets by id, by author and by keyword', () => {
    expect(ok('get_tweet', { tweet_id: 5096 }).result).toMatchObject({ username: 'harbor_bakery', tags: ['#fika'] });
    expect(fails('get_tweet', { tweet_id: 42 })).toMatch(/No tweet with id 42/);
    expect(ok('get_user_tweets', { username: 'orbit_watch' }).result.user_tweets.map((t: { id: number }) => t.id)).toEqual([5041, 5090]);
    expect(ok('get_user_tweets', { username: 'nobody' }).result.user_tweets).toEqual([]);
    expect(ok('search_tweets', { keyword: 'SOLAR' }).result.matching_tweets.map((t: { id: number }) => t.id)).toEqual([5090, 5113]);
  });

  it('adds and reads comments, including BFCL comments written with a user field', () => {
    const commented = ok('comment', { tweet_id: 5041, comment_content: 'Clear skies!' }, session);
    expect(commented.result.comment_status).toBe('Comment added successfully');
    // BFCL stores the text under `content`.
    expect((commented.state as any).comments['5041'].at(-1)).toEqual({ username: 'lena_codes', content: 'Clear skies!' });
    expect(ok('get_tweet_comments', { tweet_id: 5041 }, commented.state).result.comments).toEqual([{ username: 'lena_codes', content: 'Clear skies!' }]);
    expect(ok('get_tweet_comments', { tweet_id: 5052 }).result.comments).toEqual([]);
    expect(fails('comment', { tweet_id: 1, comment_content: 'x' }, session)).toMatch(/No tweet with id 1/);
    const bfcl = { ...initial, comments: { '5041': [{ user: 'jane_d', comment: 'Safe travels!' }] } };
    expect(ok('get_tweet_comments', { tweet_id: 5041 }, bfcl).result.comments).toEqual([{ username: 'jane_d', content: 'Safe travels!' }]);
  });

  it('retweets once and mentions users in an existing tweet', () => {
    const rt = ok('retweet', { tweet_id: 5041 }, session);
    expect(rt.result.retweet_status).toBe('Successfully retweeted');
    expect(ok('retweet', { tweet_id: 5041 }, rt.state).result.retweet_status).toMatch(/^Already retweeted/);
    expect(ok('get_user_stats', { username: 'lena_codes' }, rt.state).result.retweet_count).toBe(2);
    const mentioned = ok('mention', { tweet_id: 5088, mentioned_usernames: ['@devrel_mia', '@city_cycling'] }, session);
    expect(ok('get_tweet', { tweet_id: 5088 }, mentioned.state).result.mentions).toEqual(['@devrel_mia', '@city_cycling']);
    // BFCL appends the names as given, repeats included.
    expect(ok('get_tweet', { tweet_id: 5088 }, ok('mention', { tweet_id: 5088, mentioned_usernames: ['@devrel_mia'] }, mentioned.state).state).result.mentions).toEqual([
      '@devrel_mia',
      '@city_cycling',
      '@devrel_mia',
    ]);
  });

  it('follows and unfollows, answering false when nothing changes', () => {
    const followed = ok('follow_user', { username_to_follow: 'harbor_bakery' }, session);
    expect(followed.result).toEqual({ follow_status: true });
    expect(ok('list_all_following', {}, followed.state).result.following_list).toEqual(['devrel_mia', 'greenroof_lab', 'orbit_watch', 'harbor_bakery']);
    expect(ok('follow_user', { username_to_follow: 'orbit_watch' }, session).result).toEqual({ follow_status: false });
    expect(ok('follow_user', { username_to_follow: 'lena_codes' }, session).result).toEqual({ follow_status: true });
    const unfollowed = ok('unfollow_user', { username_to_unfollow: 'orbit_watch' }, session);
    expect(unfollowed.result).toEqual({ unfollow_status: true });
    expect(ok('unfollow_user', { username_to_unfollow: 'orbit_watch' }, unfollowed.state).result).toEqual({ unfollow_status: false });
  });

  it('computes user statistics', () => {
    expect(ok('get_user_stats', { username: 'lena_codes' }).result).toEqual({ tweet_count: 2, following_count: 3, retweet_count: 1 });
    expect(ok('get_user_stats', { username: 'devrel_mia' }).result).toEqual({ tweet_count: 1, following_count: 0, retweet_count: 2 });
  });

  it('never changes the input state and repeats the same answer for the same call', () => {
    expectPure(session, ['post_tweet', { content: 'Same' }]);
  });

  it('replays a BFCL ground-truth path on its initial_config', () => {
    let state = bfclState('multi_turn_base_188', 'TwitterAPI');
    // The ground truth logs in with a wrong password on an open session and still posts.
    state = ok('authenticate_twitter', { username: 'michael_smith', password: 'michael_cant_smith_smith' }, state).state;
    const posted = ok('post_tweet', { content: 'Excited for my upcoming adventure!', tags: ['#TravelGoals'], mentions: ['@TravelBuddy'] }, state);
    expect(posted.result.id).toBe(2);
    expect(ok('retweet', { tweet_id: 0 }, posted.state).result.retweet_status).toBe('Successfully retweeted');
  });
});
