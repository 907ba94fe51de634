// Generated from toolkits/social/toolkit.yaml by `npm run toolkit-args`; do not edit (a test compares it with the YAML).
// The arguments of each function as its `parameters` schema declares them; the environment checks every call
// against that schema before the simulator sees it.
export type Args = {
  authenticate_twitter: { username: string; password: string };
  posting_get_login_status: Record<string, never>;
  post_tweet: { content: string; tags?: string[]; mentions?: string[] };
  get_tweet: { tweet_id: number };
  get_user_tweets: { username: string };
  search_tweets: { keyword: string };
  comment: { tweet_id: number; comment_content: string };
  get_tweet_comments: { tweet_id: number };
  retweet: { tweet_id: number };
  mention: { tweet_id: number; mentioned_usernames: string[] };
  follow_user: { username_to_follow: string };
  unfollow_user: { username_to_unfollow: string };
  list_all_following: Record<string, never>;
  get_user_stats: { username: string };
};
