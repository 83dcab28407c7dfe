// SPDX-License-Identifier: GPL-2.0
/*
 * Send jobs: long or paced SOCKCTL_CMD_SEND requests, run by a work item
 * that sends a bounded batch, then requeues itself (at once, or when the
 * next burst is due).  No lock is held while sending, and every batch
 * looks the device up anew, so a job never pins a device or a netns: it
 * just fails if its device is gone.
 *
 * A job stops when it has sent everything, on SOCKCTL_CMD_JOB_STOP, when
 * the netlink socket that started it is released (NETLINK_URELEASE) unless
 * it runs in the background, when its device goes away, when its netns is
 * dismantled and when the module is unloaded.  Finished jobs
 * stay listed (at most SOCKCTL_MAX_FINISHED per netns) so their final
 * counters can be read.
 */
#include <linux/netdevice.h>
#include <linux/netlink.h>
#include <linux/refcount.h>
#include <linux/slab.h>

#include "sockctl.h"

/* Packets per batch: bounds the time between cancellation checks. */
#define SOCKCTL_JOB_BATCH	256

/**
 * struct sockctl_job - one running or finished send job
 * @node: in sockctl_net.jobs
 * @refs: the list's reference, and one per request waiting on the job
 * @work: runs the batches
 * @sn: its netns's state
 * @id: unique in its netns, from 1
 * @portid: the netlink socket whose release stops it (0: none)
 * @state: enum sockctl_job_state, under sn->lock
 * @error: the errno that failed it
 * @stop: set to ask the work to stop at its next batch
 * @stop_error: the error the stop is recorded with
 * @d: what to send
 * @sender: where the send loop is
 * @stats: what it sent
 * @interval_ns: time between bursts (0: as fast as possible)
 * @start_ns: when it started
 * @end_ns: when it finished (0 while running)
 */
struct sockctl_job {
	struct list_head node;
	refcount_t refs;
	struct delayed_work work;
	struct sockctl_net *sn;
	u32 id;
	u32 portid;
	u8 state;
	int error;
	bool stop;
	int stop_error;
	struct sockctl_desc *d;
	struct sockctl_sender sender;
	struct sockctl_stats stats;
	u64 interval_ns;
	u64 start_ns;
	u64 end_ns;
};

struct workqueue_struct *sockctl_wq;

static void job_put_ref(struct sockctl_job *job)
{
	if (!refcount_dec_and_test(&job->refs))
		return;
	sockctl_sender_release(&job->sender);
	sockctl_desc_free(job->d);
	kfree(job);
}

/*
 * Record the end of a job; called from its own work.  Only once: a stop
 * requested as the job completes requeues the work after it finished.
 */
static void job_finish(struct sockctl_job *job, u8 state, int error)
{
	struct sockctl_net *sn = job->sn;

	spin_lock_bh(&sn->lock);
	if (job->state != SOCKCTL_JOB_RUNNING) {
		spin_unlock_bh(&sn->lock);
		return;
	}
	job->state = state;
	job->error = error;
	job->end_ns = ktime_get_ns();
	sn->n_running--;
	sn->n_finished++;
	spin_unlock_bh(&sn->lock);
}

/* How many packets are due by now: whole bursts since the start. */
static u32 job_budget(const struct sockctl_job *job, u64 now)
{
	const struct sockctl_desc *d = job->d;
	u32 left = d->count - job->sender.next;
	u64 due;

	if (!job->interval_ns)
		return min_t(u32, left, SOCKCTL_JOB_BATCH);
	due = (div64_u64(now - job->start_ns, job->interval_ns) + 1) * d->burst;
	if (due <= job->sender.next)
		return 0;
	return min_t(u64, min_t(u32, left, SOCKCTL_JOB_BATCH),
		     due - job->sender.next);
}

static void job_work(struct work_struct *work)
{
	struct sockctl_job *job = container_of(to_delayed_work(work),
					       struct sockctl_job, work);
	const struct sockctl_desc *d = job->d;
	struct net_device *dev = NULL;
	u64 now, next_due;
	int err;

	if (d->ifindex) {
		dev = dev_get_by_index(job->sender.net, d->ifindex);
		if (!dev) {
			/* The device went away: a stop, not a failure. */
			job_finish(job, SOCKCTL_JOB_STOPPED, ENODEV);
			return;
		}
	}
	/*
	 * Also ends a run queued by a stop request after the job was done.
	 * Checked after the lookup: a device unregistered since then has set
	 * it, so a new device that took the index is never sent to.
	 */
	if (READ_ONCE(job->stop)) {
		dev_put(dev);
		job_finish(job, SOCKCTL_JOB_STOPPED, READ_ONCE(job->stop_error));
		return;
	}
	now = ktime_get_ns();
	err = sockctl_send_some(&job->sender, dev, job_budget(job, now),
				&job->sn->stats);
	dev_put(dev);
	if (err) {
		job_finish(job, SOCKCTL_JOB_FAILED, -err);
		return;
	}
	if (job->sender.next >= d->count) {
		job_finish(job, SOCKCTL_JOB_DONE, 0);
		return;
	}
	if (!job->interval_ns) {
		queue_delayed_work(sockctl_wq, &job->work, 0);
		return;
	}
	/* Sleep until the burst of the next packet is due. */
	next_due = job->start_ns + (job->sender.next / d->burst) * job->interval_ns;
	now = ktime_get_ns();
	/*
	 * Round up: a wait shorter than a tick rounded down to none would
	 * requeue at once and spin until the burst is due.
	 */
	queue_delayed_work(sockctl_wq, &job->work,
			   next_due > now ?
			   nsecs_to_jiffies(next_due - now + TICK_NSEC - 1) : 0);
}

/* The bit rate's interval needs the packet's size on the wire. */
static u64 job_interval(const struct sockctl_desc *d)
{
	u64 bits;

	if (!d->rate_bps)
		return d->interval_ns;
	bits = (u64)sockctl_packet_len(d) * 8 * d->burst;
	return max_t(u64, 1, div64_u64(bits * NSEC_PER_SEC, d->rate_bps));
}

/* Unlink the oldest finished jobs beyond the limit onto @gc. */
static void jobs_trim(struct sockctl_net *sn, struct list_head *gc)
{
	struct sockctl_job *job, *tmp;

	lockdep_assert_held(&sn->lock);
	list_for_each_entry_safe(job, tmp, &sn->jobs, node) {
		if (sn->n_finished < SOCKCTL_MAX_FINISHED)
			break;
		if (job->state == SOCKCTL_JOB_RUNNING)
			continue;
		list_move_tail(&job->node, gc);
		sn->n_finished--;
	}
}

static void jobs_free(struct list_head *gc)
{
	struct sockctl_job *job, *tmp;

	list_for_each_entry_safe(job, tmp, gc, node) {
		/* Its work may still be returning from job_finish(). */
		cancel_delayed_work_sync(&job->work);
		list_del(&job->node);
		job_put_ref(job);
	}
}

/**
 * sockctl_job_start() - run a description as a job
 * @net: the caller's netns
 * @d: the description; the job owns it from now on, even on error
 * @portid: the socket whose release stops the job, 0 for none
 * @id: set to the job's id
 * @extack: where to say what is wrong
 *
 * Return: 0 or -EBUSY when the netns runs SOCKCTL_MAX_JOBS jobs already.
 */
int sockctl_job_start(struct net *net, struct sockctl_desc *d, u32 portid,
		      u32 *id, struct netlink_ext_ack *extack)
{
	struct sockctl_net *sn = sockctl_pernet(net);
	struct sockctl_job *job;
	LIST_HEAD(gc);

	job = kzalloc(sizeof(*job), GFP_KERNEL);
	if (!job) {
		sockctl_desc_free(d);
		return -ENOMEM;
	}
	refcount_set(&job->refs, 1);
	job->sn = sn;
	job->portid = portid;
	job->d = d;
	job->state = SOCKCTL_JOB_RUNNING;
	job->sender = (struct sockctl_sender){
		.d = d, .net = net, .job_stats = &job->stats,
	};
	job->interval_ns = job_interval(d);
	job->start_ns = ktime_get_ns();
	INIT_DELAYED_WORK(&job->work, job_work);

	spin_lock_bh(&sn->lock);
	if (sn->n_running >= SOCKCTL_MAX_JOBS) {
		spin_unlock_bh(&sn->lock);
		NL_SET_ERR_MSG(extack,
			       "too many jobs running in this network namespace: stop one first");
		job_put_ref(job);
		return -EBUSY;
	}
	jobs_trim(sn, &gc);
	job->id = ++sn->next_job_id ?: ++sn->next_job_id;
	list_add_tail(&job->node, &sn->jobs);
	sn->n_running++;
	*id = job->id;
	queue_delayed_work(sockctl_wq, &job->work, 0);
	spin_unlock_bh(&sn->lock);

	atomic64_inc(&sn->jobs_started);
	jobs_free(&gc);
	return 0;
}

/*
 * Ask a running job to stop; its work finishes it promptly, STOPPED with
 * @error (0, or ENODEV when its device went away).
 */
static void job_request_stop(struct sockctl_job *job, int error)
{
	lockdep_assert_held(&job->sn->lock);
	if (job->state != SOCKCTL_JOB_RUNNING)
		return;
	WRITE_ONCE(job->stop_error, error);
	WRITE_ONCE(job->stop, true);
	mod_delayed_work(sockctl_wq, &job->work, 0);
}

static struct sockctl_job *job_find(struct sockctl_net *sn, u32 id)
{
	struct sockctl_job *job;

	lockdep_assert_held(&sn->lock);
	list_for_each_entry(job, &sn->jobs, node)
		if (job->id == id)
			return job;
	return NULL;
}

static int job_fill_nest(struct sk_buff *msg, struct sockctl_job *job)
{
	struct nlattr *nest;
	u64 end = job->end_ns ?: ktime_get_ns();

	nest = nla_nest_start(msg, SOCKCTL_A_JOB);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(msg, SOCKCTL_A_JOB_JOB_ID, job->id) ||
	    nla_put_u8(msg, SOCKCTL_A_JOB_STATE, job->state) ||
	    nla_put_u32(msg, SOCKCTL_A_JOB_COUNT, job->d->count) ||
	    (job->error && nla_put_u32(msg, SOCKCTL_A_JOB_ERROR, job->error)) ||
	    sockctl_put_stats(msg, SOCKCTL_A_JOB_STATS, &job->stats, NULL) ||
	    nla_put_u64_64bit(msg, SOCKCTL_A_JOB_ELAPSED_NS, end - job->start_ns,
			      SOCKCTL_A_JOB_PAD)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

/**
 * sockctl_job_fill() - put job @id of @net into @msg
 * @msg: the reply
 * @net: the caller's netns
 * @id: the job
 *
 * Return: 0, -ENOENT if there is no such job, -EMSGSIZE.
 */
int sockctl_job_fill(struct sk_buff *msg, struct net *net, u32 id)
{
	struct sockctl_net *sn = sockctl_pernet(net);
	struct sockctl_job *job;
	int err = -ENOENT;

	spin_lock_bh(&sn->lock);
	job = job_find(sn, id);
	if (job)
		err = job_fill_nest(msg, job);
	spin_unlock_bh(&sn->lock);
	return err;
}

/**
 * sockctl_job_stop() - cancel job @id of @net, wait until it has stopped
 *	and put its final state into @msg
 * @msg: the reply
 * @net: the caller's netns
 * @id: the job
 *
 * Return: 0, -ENOENT if there is no such job, -EMSGSIZE.
 */
int sockctl_job_stop(struct sk_buff *msg, struct net *net, u32 id)
{
	struct sockctl_net *sn = sockctl_pernet(net);
	struct sockctl_job *job;
	int err;

	spin_lock_bh(&sn->lock);
	job = job_find(sn, id);
	if (!job) {
		spin_unlock_bh(&sn->lock);
		return -ENOENT;
	}
	refcount_inc(&job->refs);
	job_request_stop(job, 0);
	spin_unlock_bh(&sn->lock);

	/*
	 * Our reference keeps the job even if it is trimmed meanwhile.  A
	 * batch running when we asked may requeue once more: flush again.
	 */
	spin_lock_bh(&sn->lock);
	while (job->state == SOCKCTL_JOB_RUNNING) {
		spin_unlock_bh(&sn->lock);
		flush_delayed_work(&job->work);
		spin_lock_bh(&sn->lock);
	}
	err = job_fill_nest(msg, job);
	spin_unlock_bh(&sn->lock);
	job_put_ref(job);
	return err;
}

/**
 * sockctl_job_dump() - put the jobs after @last_id into a dump message
 * @msg: the dump message
 * @net: the dumping socket's netns
 * @last_id: the last job already dumped; updated
 * @portid: the dumping socket
 * @seq: the dump request's sequence number
 *
 * Return: 0 when all fit, -EMSGSIZE when more remain (*last_id updated).
 */
int sockctl_job_dump(struct sk_buff *msg, struct net *net, u32 *last_id,
		     u32 portid, u32 seq)
{
	struct sockctl_net *sn = sockctl_pernet(net);
	struct sockctl_job *job;
	int err = 0;

	spin_lock_bh(&sn->lock);
	list_for_each_entry(job, &sn->jobs, node) {
		void *hdr;

		if (job->id <= *last_id)
			continue;
		hdr = genlmsg_put(msg, portid, seq, &sockctl_genl_family,
				  NLM_F_MULTI, SOCKCTL_CMD_JOB_GET);
		if (!hdr) {
			err = -EMSGSIZE;
			break;
		}
		if (job_fill_nest(msg, job)) {
			genlmsg_cancel(msg, hdr);
			err = -EMSGSIZE;
			break;
		}
		genlmsg_end(msg, hdr);
		*last_id = job->id;
	}
	spin_unlock_bh(&sn->lock);
	return err;
}

/* A netlink socket went away: stop the jobs it started in the foreground. */
void sockctl_jobs_socket_gone(struct sockctl_net *sn, u32 portid)
{
	struct sockctl_job *job;

	spin_lock_bh(&sn->lock);
	list_for_each_entry(job, &sn->jobs, node)
		if (job->portid && job->portid == portid)
			job_request_stop(job, 0);
	spin_unlock_bh(&sn->lock);
}

/*
 * A device is being unregistered: stop the jobs sending on it now, not at
 * their next batch, which could find a new device with the same index.
 */
void sockctl_jobs_dev_gone(struct sockctl_net *sn, int ifindex)
{
	struct sockctl_job *job;

	spin_lock_bh(&sn->lock);
	list_for_each_entry(job, &sn->jobs, node)
		if (job->d->ifindex == ifindex)
			job_request_stop(job, ENODEV);
	spin_unlock_bh(&sn->lock);
}

void sockctl_jobs_net_init(struct sockctl_net *sn)
{
	spin_lock_init(&sn->lock);
	INIT_LIST_HEAD(&sn->jobs);
}

/* The netns is going away (or the module): stop and free all its jobs. */
void sockctl_jobs_net_exit(struct sockctl_net *sn)
{
	struct sockctl_job *job;
	LIST_HEAD(gc);

	spin_lock_bh(&sn->lock);
	list_for_each_entry(job, &sn->jobs, node)
		WRITE_ONCE(job->stop, true);
	list_splice_init(&sn->jobs, &gc);
	sn->n_running = 0;
	sn->n_finished = 0;
	spin_unlock_bh(&sn->lock);
	jobs_free(&gc);
}

int __init sockctl_job_init(void)
{
	sockctl_wq = alloc_workqueue("sockctl", WQ_UNBOUND, 0);
	return sockctl_wq ? 0 : -ENOMEM;
}

void sockctl_job_exit(void)
{
	/* Every job was freed by the pernet exits before we get here. */
	destroy_workqueue(sockctl_wq);
}

