import { defineSimulator, type SimContext } from '../../pipeline/toolkit-api.ts';
import type { Args } from './args.ts';

interface Tweet {
  id: number;
  username: string;
  content: string;
  tags: string[];
  mentions: string[];
}

/** BFCL initial configs spell a comment's author and text two ways. */
interface StoredComment {
  username?: string;
  user?: string;
  comment?: string;
  content?: string;
}

/** BFCL's TwitterAPI shape: one account (username, password, authenticated) and the tweets it sees. */
interface SocialState {
  username: string;
  password: string;
  authenticated: boolean;
  tweets: Record<string, Tweet>;
  comments: Record<string, StoredComment[]>;
  retweets: Record<string, number[]>;
  following_list: string[];
  tweet_counter: number;
}

function me(state: SocialState, ctx: SimContext): string {
  if (!state.authenticated) return ctx.fail('Not logged in to the social network; call authenticate_twitter with your username and password first.');
  return state.username;
}

function tweetOf(state: SocialState, id: number, ctx: SimContext): Tweet {
  const key = String(id);
  if (!Object.hasOwn(state.tweets ?? {}, key)) return ctx.fail(`No tweet with id ${id}; search_tweets or get_user_tweets show existing tweet ids.`);
  return state.tweets[key]!;
}

const view = (t: Tweet): Tweet => ({ id: t.id, username: t.username, content: t.content, tags: t.tags ?? [], mentions: t.mentions ?? [] });
const tweetsBy = (state: SocialState, username: string): Tweet[] => Object.values(state.tweets ?? {}).filter((t) => t.username === username);

export const simulator = defineSimulator<Args>('social', {
  authenticate_twitter(state: SocialState, args) {
    // A wrong password answers false and leaves an existing session alone, as the doc describes;
    // BFCL ground truth relies on it (a failed re-login before posting on an open session).
    if (args.username !== state.username || args.password !== state.password) return { authentication_status: false };
    state.authenticated = true;
    return { authentication_status: true };
  },

  posting_get_login_status(state: SocialState) {
    return { login_status: Boolean(state.authenticated) };
  },

  post_tweet(state: SocialState, args, ctx) {
    const username = me(state, ctx);
    // As BFCL: any content (no length limit, empty allowed) and tags as given.
    // Ids are sequential because BFCL ground truth comments on and retweets a new post by the next counter value.
    const id = state.tweet_counter ?? 0;
    const tweet: Tweet = { id, username, content: args.content, tags: args.tags ?? [], mentions: args.mentions ?? [] };
    state.tweets ??= {};
    state.tweets[String(id)] = tweet;
    state.tweet_counter = id + 1;
    return view(tweet);
  },

  get_tweet(state: SocialState, args, ctx) {
    return view(tweetOf(state, args.tweet_id, ctx));
  },

  get_user_tweets(state: SocialState, args) {
    return { user_tweets: tweetsBy(state, args.username).map(view) };
  },

  search_tweets(state: SocialState, args) {
    const needle = args.keyword.toLowerCase();
    const hit = (t: Tweet): boolean => t.content.toLowerCase().includes(needle) || (t.tags ?? []).some((tag) => tag.toLowerCase().includes(needle));
    return {
      matching_tweets: Object.values(state.tweets ?? {})
        .filter(hit)
        .map(view),
    };
  },

  comment(state: SocialState, args, ctx) {
    const username = me(state, ctx);
    tweetOf(state, args.tweet_id, ctx);
    state.comments ??= {};
    // BFCL stores the text under `content`.
    (state.comments[String(args.tweet_id)] ??= []).push({ username, content: args.comment_content });
    return { comment_status: 'Comment added successfully' };
  },

  get_tweet_comments(state: SocialState, args, ctx) {
    tweetOf(state, args.tweet_id, ctx);
    const stored = Object.hasOwn(state.comments ?? {}, String(args.tweet_id)) ? state.comments[String(args.tweet_id)]! : [];
    return { comments: stored.map((c) => ({ username: c.username ?? c.user ?? '', content: c.content ?? c.comment ?? '' })) };
  },

  retweet(state: SocialState, args, ctx) {
    const username = me(state, ctx);
    tweetOf(state, args.tweet_id, ctx);
    state.retweets ??= {};
    const mine = (state.retweets[username] ??= []);
    if (mine.includes(args.tweet_id)) return { retweet_status: 'Already retweeted' };
    mine.push(args.tweet_id);
    return { retweet_status: 'Successfully retweeted' };
  },

  mention(state: SocialState, args, ctx) {
    // As BFCL: no login needed, and the names are appended as given (repeats included).
    const tweet = tweetOf(state, args.tweet_id, ctx);
    tweet.mentions = [...(tweet.mentions ?? []), ...args.mentioned_usernames];
    return { mention_status: 'Users mentioned successfully' };
  },

  follow_user(state: SocialState, args, ctx) {
    me(state, ctx);
    state.following_list ??= [];
    if (state.following_list.includes(args.username_to_follow)) return { follow_status: false };
    state.following_list.push(args.username_to_follow);
    return { follow_status: true };
  },

  unfollow_user(state: SocialState, args, ctx) {
    me(state, ctx);
    const list = state.following_list ?? [];
    if (!list.includes(args.username_to_unfollow)) return { unfollow_status: false };
    state.following_list = list.filter((u) => u !== args.username_to_unfollow);
    return { unfollow_status: true };
  },

  list_all_following(state: SocialState, _args, ctx) {
    me(state, ctx);
    return { following_list: [...(state.following_list ?? [])] };
  },

  get_user_stats(state: SocialState, args) {
    return {
      tweet_count: tweetsBy(state, args.username).length,
      // Only the account's own follow list is part of the state; other users' counts are unknown, so 0.
      following_count: args.username === state.username ? (state.following_list ?? []).length : 0,
      retweet_count: (Object.hasOwn(state.retweets ?? {}, args.username) ? state.retweets[args.username]! : []).length,
    };
  },
});
